import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_IMAGE } from '../runtime/images.js';
import { containerName } from '../runtime/names.js';
import { mcastLab, mcastLabJson } from './cli.js';
import { testLabName } from './lab-fixture.js';

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
