import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTROL_SOCKET_NAME } from '../../common/control/protocol.js';
import { createRuntime } from '../docker/context.js';
import { BASE_IMAGE } from '../docker/images.js';
import { containerName, labRunDir, nodeRunDir } from '../docker/names.js';
import { mcastLab, mcastLabJson } from '../testing/cli.js';
import { testLabName } from '../testing/lab-fixture.js';

const labeled = async (lab: string) => {
  const filter = ['--filter', `label=mcast-lab.lab=${lab}`];
  const containers = await execa('docker', ['ps', '-aq', ...filter]);
  const networks = await execa('docker', ['network', 'ls', '-q', ...filter]);
  const rules = await execa('iptables', ['-w', '-S', 'DOCKER-USER']);
  return {
    containers: containers.stdout.split('\n').filter(Boolean).length,
    networks: networks.stdout.split('\n').filter(Boolean).length,
    rules: rules.stdout.split('\n').filter((r) => r.includes(`mcast-lab:${lab}`)).length,
  };
};

describe('a deploy that fails half-way leaves nothing behind', () => {
  const lab = testLabName('rollback');
  // Not a lab object (no labels): a container squatting on the name one of the lab's nodes needs.
  const squatter = containerName(lab, 'h3');
  afterAll(() => execa('docker', ['rm', '-f', squatter], { reject: false }));

  it('rolls back networks, containers and firewall rules, and keeps what it did not create', async () => {
    await execa('docker', [
      'create',
      '--name',
      squatter,
      '--network',
      'none',
      BASE_IMAGE,
      '/usr/local/bin/node',
    ]);
    const deploy = await mcastLab('deploy', 'topologies/one-router.yaml', '--name', lab);
    expect(deploy.exitCode).toBe(1);
    expect(deploy.stderr).toContain(squatter);
    expect(deploy.stderr).toContain('networks 3/3'); // it did get half-way
    expect(await labeled(lab)).toEqual({ containers: 0, networks: 0, rules: 0 });
    expect((await execa('docker', ['inspect', '-f', '{{.Name}}', squatter])).stdout).toBe(`/${squatter}`);
  });

  it('stops at once when a daemon exits at start, names the node, its exit code and log, and rolls back', async () => {
    const dying = testLabName('dying');
    const dir = await mkdtemp(join(tmpdir(), 'mcast-lab-dying-'));
    const file = join(dir, 'hosts.yaml');
    // Hosts only: no router daemon whose own fate could fail the deploy first.
    await writeFile(
      file,
      'name: hosts\nnetworks:\n  lan1:\nhosts:\n  h1: { network: lan1 }\n  h2: { network: lan1 }\n',
    );
    // A directory where h1's daemon puts its control socket: it cannot remove it and exits at start.
    const ctx = createRuntime();
    await mkdir(join(nodeRunDir(ctx, dying, 'h1'), CONTROL_SOCKET_NAME), { recursive: true });
    const started = performance.now();
    const deploy = await mcastLab('deploy', file, '--name', dying);
    const seconds = (performance.now() - started) / 1000;
    await rm(dir, { recursive: true, force: true });
    expect(deploy.exitCode).toBe(1);
    expect(deploy.stderr).toContain('error: h1 exited with code 1 before the lab was up');
    expect(deploy.stderr).toContain('EISDIR'); // from h1's own log
    expect(seconds).toBeLessThan(10); // not the agent timeout (20 s)
    expect(await labeled(dying)).toEqual({ containers: 0, networks: 0, rules: 0 });
    expect(existsSync(labRunDir(ctx, dying))).toBe(false);
  });
});

describe('a forced forwarding plane the kernel cannot run', () => {
  it('fails the deploy naming the kernel option, and rolls back', async (ctx) => {
    if (existsSync('/proc/net/ip_mr_vif'))
      ctx.skip('this kernel has the mroute API: every forwarding plane can run here');
    const lab = testLabName('forced');
    const dir = await mkdtemp(join(tmpdir(), 'mcast-lab-forced-'));
    const file = join(dir, 'forced.yaml');
    await writeFile(
      file,
      'name: forced\ndefaults: { forwarding: kernel-mroute }\nnetworks: { a: , b: }\n' +
        'routers:\n  r1: { interfaces: [a, b] }\nhosts:\n  h1: { network: a }\n',
    );
    const deploy = await mcastLab('deploy', file, '--name', lab);
    await rm(dir, { recursive: true, force: true });
    expect(deploy.exitCode).toBe(1);
    expect(deploy.stderr).toContain('r1 exited with code 1');
    expect(deploy.stderr).toContain('CONFIG_IP_MROUTE is not set');
    expect(deploy.stderr).toContain('forwarding: nftables or auto');
    expect(await labeled(lab)).toEqual({ containers: 0, networks: 0, rules: 0 });
  });
});

describe('destroy --all', () => {
  const first = testLabName('all-a');
  const second = testLabName('all-b');

  it('removes two labs at once', async () => {
    await mcastLabJson('deploy', 'topologies/snooping.yaml', '--name', first);
    await mcastLabJson('deploy', 'topologies/one-router.yaml', '--name', second);
    const destroyed = await mcastLabJson<{ labs: string[] }>('destroy', '--all');
    expect(destroyed.labs).toEqual(expect.arrayContaining([first, second]));
    expect(await labeled(first)).toEqual({ containers: 0, networks: 0, rules: 0 });
    expect(await labeled(second)).toEqual({ containers: 0, networks: 0, rules: 0 });
    expect((await mcastLabJson<{ labs: unknown[] }>('inspect', '--all')).labs).toEqual([]);
  });
});
