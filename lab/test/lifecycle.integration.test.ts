import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabInspection } from '../docker/inspect.js';
import { mcastLab, mcastLabJson } from '../testing/cli.js';
import { testLabName } from '../testing/lab-fixture.js';

const FILE = 'topologies/one-router.yaml';
const lab = testLabName('lifecycle');

const dockerIds = async (kind: 'ps' | 'network', name: string) => {
  const args = kind === 'ps' ? ['ps', '-aq'] : ['network', 'ls', '-q'];
  const { stdout } = await execa('docker', [...args, '--filter', `label=mcast-lab.lab=${name}`]);
  return stdout.split('\n').filter(Boolean);
};
const firewallRules = async (name: string) =>
  (await execa('iptables', ['-w', '-S', 'DOCKER-USER'])).stdout
    .split('\n')
    .filter((r) => r.includes(`mcast-lab:${name}"`) || r.endsWith(`mcast-lab:${name} -j ACCEPT`));

describe('deploy, inspect, destroy a 3-subnet lab through the CLI', () => {
  afterAll(() => mcastLab('destroy', '--lab', lab));
  let deployed: LabInspection;

  it('deploys and reports the lab as JSON', async () => {
    deployed = await mcastLabJson<LabInspection>('deploy', FILE, '--name', lab);
    expect(deployed.lab).toBe(lab);
    expect(deployed.networks.map((n) => n.name)).toEqual(['lan1', 'lan2', 'lan3']);
    expect(deployed.nodes.filter((n) => n.kind === 'router').map((n) => n.name)).toEqual(['r1']);
    expect(deployed.nodes.filter((n) => n.kind === 'host')).toHaveLength(6);
    for (const node of deployed.nodes) {
      expect(node.state).toBe('running');
      for (const iface of node.interfaces) expect(iface.name).toMatch(/^eth\d$/);
    }
  });

  it('labels every object, creates the bridges and their firewall rules', async () => {
    expect(await dockerIds('ps', lab)).toHaveLength(7);
    expect(await dockerIds('network', lab)).toHaveLength(3);
    for (const network of deployed.networks) {
      expect(network.bridge).toMatch(/^mcl-[0-9a-f]{10}$/);
      expect(existsSync(`/sys/class/net/${network.bridge}`)).toBe(true);
    }
    expect(await firewallRules(lab)).toHaveLength(3);
  });

  it('gives hosts a default route via their router and inspect agrees with deploy', async () => {
    const inspected = await mcastLabJson<LabInspection>('inspect', '--lab', lab);
    expect(inspected.nodes.map((n) => n.name)).toEqual(deployed.nodes.map((n) => n.name));
    const r1 = inspected.nodes.find((n) => n.name === 'r1');
    for (const host of inspected.nodes.filter((n) => n.kind === 'host')) {
      const network = host.interfaces[0]?.network;
      const gateway = r1?.interfaces.find((i) => i.network === network)?.address;
      expect(host.routes.find((r) => r.destination === 'default')?.via).toBe(gateway);
    }
    expect(r1?.routes.some((r) => r.destination === 'default')).toBe(false);
  });

  it('answers ping and status on every control socket', async () => {
    for (const node of deployed.nodes) {
      expect(await mcastLabJson('agent', node.name, 'ping', '--lab', lab)).toBe('pong');
    }
    const status = await mcastLabJson<{ ipForwarding: boolean }>('agent', 'r1', 'status', '--lab', lab);
    expect(status.ipForwarding).toBe(true);
  });

  it('refuses to deploy the same lab twice unless --reconfigure', async () => {
    const again = await mcastLab('deploy', FILE, '--name', lab);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`lab "${lab}" is already deployed`);
    const replaced = await mcastLabJson<LabInspection>('deploy', FILE, '--name', lab, '--reconfigure');
    expect(replaced.nodes).toHaveLength(7);
  });

  it('destroys everything, and destroying again is fine', async () => {
    const first = await mcastLabJson<{ containers: number; networks: number; firewallRules: number }>(
      'destroy',
      '--lab',
      lab,
    );
    expect(first).toMatchObject({ containers: 7, networks: 3, firewallRules: 3 });
    expect(await dockerIds('ps', lab)).toEqual([]);
    expect(await dockerIds('network', lab)).toEqual([]);
    expect(await firewallRules(lab)).toEqual([]);
    for (const network of deployed.networks)
      expect(existsSync(`/sys/class/net/${network.bridge}`)).toBe(false);
    const second = await mcastLab('destroy', '--lab', lab);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('nothing to destroy');
  });
});
