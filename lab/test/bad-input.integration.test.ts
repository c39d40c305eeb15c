import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { mcastLab } from '../testing/cli.js';
import { testLabName } from '../testing/lab-fixture.js';

const lab = testLabName('bad');
const NETS = 'networks:\n  lan1: { subnet: 10.1.1.0/24 }\n';
const ROUTER = 'routers:\n  r1: { interfaces: [lan1, lan2] }\n';

/** Each case: a topology, where its first error is (line:col), and what the message says. */
const cases: { title: string; yaml: string; at: string; says: string }[] = [
  { title: 'YAML syntax', yaml: `name: ${lab}\nnetworks: [lan1\n`, at: '3:1', says: '' },
  { title: 'bad indentation', yaml: `name: ${lab}\nnetworks:\n  lan1: {}\n hosts: {}\n`, at: '4:', says: '' },
  { title: 'unknown top-level key', yaml: `name: ${lab}\n${NETS}hostz: {}\n`, at: '4:1', says: 'valid keys' },
  {
    title: 'unknown nested key',
    yaml: `name: ${lab}\nnetworks:\n  lan1: { snoping: off }\n`,
    at: '3:11',
    says: 'snooping',
  },
  {
    title: 'bad enum',
    yaml: `name: ${lab}\ndefaults:\n  pim: spares\n${NETS}`,
    at: '3:8',
    says: 'none, dense, sparse',
  },
  {
    title: 'bad IGMP version',
    yaml: `name: ${lab}\ndefaults:\n  igmp_version: 4\n${NETS}`,
    at: '3:17',
    says: '2',
  },
  {
    title: 'bad subnet',
    yaml: `name: ${lab}\nnetworks:\n  lan1: { subnet: 10.1.1.0/33 }\n`,
    at: '3:19',
    says: 'subnet',
  },
  {
    title: 'host bits set',
    yaml: `name: ${lab}\nnetworks:\n  lan1: { subnet: 10.1.1.5/24 }\n`,
    at: '3:19',
    says: '10.1.1.0/24',
  },
  {
    title: 'unknown network',
    yaml: `name: ${lab}\n${NETS}hosts:\n  h1: { network: lan9 }\n`,
    at: '5:18',
    says: 'unknown network "lan9"',
  },
  {
    title: 'address outside its subnet',
    yaml: `name: ${lab}\n${NETS}hosts:\n  h1: { network: lan1, address: 10.9.9.9 }\n`,
    at: '5:33',
    says: '10.1.1.0/24',
  },
  {
    title: 'duplicate address',
    yaml: `name: ${lab}\n${NETS}hosts:\n  h1: { network: lan1, address: 10.1.1.9 }\n  h2: { network: lan1, address: 10.1.1.9 }\n`,
    at: '6:33',
    says: '10.1.1.9',
  },
  {
    title: 'overlapping subnets',
    yaml: `name: ${lab}\nnetworks:\n  lan1: { subnet: 10.1.0.0/16 }\n  lan2: { subnet: 10.1.1.0/24 }\n${ROUTER}`,
    at: '4:19',
    says: 'overlaps',
  },
  {
    title: 'an RP that is not a router',
    yaml: `name: ${lab}\ndefaults:\n  pim: sparse\n  rp: nowhere\n${NETS}`,
    at: '4:',
    says: 'rp "nowhere" is not a router',
  },
  { title: 'missing name', yaml: NETS, at: '1:1', says: 'name' },
];

describe('bad topology files: exit 2, file:line:col, nothing created', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcast-lab-bad-'));
  });

  it.each(cases)('$title', async ({ yaml, at, says }) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, yaml);
    const deploy = await mcastLab('deploy', file);
    expect(deploy.exitCode).toBe(2);
    expect(deploy.stderr).toContain(`${file}:${at}`);
    expect(deploy.stderr).toContain(says);
    const { stdout } = await execa('docker', ['ps', '-aq', '--filter', `label=mcast-lab.lab=${lab}`]);
    expect(stdout).toBe('');
  });

  it('validate reports every error at once, as JSON too', async () => {
    const file = join(dir, 'many.yaml');
    await writeFile(
      file,
      `name: ${lab}\ndefaults:\n  pim: spares\nnetworks:\n  lan1: { snoping: off }\nhosts:\n  h1: { network: lan9 }\n`,
    );
    const result = await mcastLab('validate', file, '--json');
    expect(result.exitCode).toBe(2);
    const report = JSON.parse(result.stdout) as { valid: boolean; files: { errors: { line: number }[] }[] };
    expect(report.valid).toBe(false);
    expect(report.files[0]?.errors.map((e) => e.line)).toEqual(expect.arrayContaining([3, 5]));
  });

  it('a missing file, an unknown command and an unknown option exit 2', async () => {
    expect((await mcastLab('deploy', join(dir, 'nope.yaml'))).exitCode).toBe(2);
    expect((await mcastLab('deploi', 'x.yaml')).exitCode).toBe(2);
    const asked = await mcastLab('simulat', '--help');
    expect(asked.exitCode).toBe(2);
    expect(asked.stderr).toContain("unknown command 'simulat'; valid: setup, validate, deploy");
    expect((await mcastLab('destroy', '--everything')).exitCode).toBe(2);
    expect((await mcastLab('graph', 'topologies/default.yaml', '--format', 'png')).stderr).toContain(
      'svg, mermaid',
    );
  });
});
