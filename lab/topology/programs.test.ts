import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse.js';
import { planLab } from './planner.js';
import { LAN, yaml } from './testing/yaml-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'programs-'));
const parse = (...lines: string[]) =>
  parseTopology(yaml('name: demo', ...LAN, ...lines), join(dir, 'lab.yaml'));
const errors = (result: ReturnType<typeof parse>) =>
  result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.message}`);

describe("nodes' own programs", () => {
  it('reads image, command (split like a shell would), binds relative to the file, env and agent', () => {
    const result = parse(
      'hosts:',
      '  h1:',
      '    network: lan1',
      '    image: my/receiver:1.0',
      `    command: node /app/rx.mjs --group "239.1.2.3" 'a b'`,
      '    binds: [./:/app, /tmp:/scratch:rw]',
      '    env: { MODE: fast, PORT: 5000 }',
      '  h2: { network: lan1, agent: off, command: [sh, -c, "echo hi | cat"] }',
    );
    expect(errors(result)).toEqual([]);
    const [h1, h2] = result.ok ? result.topology.hosts : [];
    expect(h1).toMatchObject({
      image: 'my/receiver:1.0',
      command: ['node', '/app/rx.mjs', '--group', '239.1.2.3', 'a b'],
      binds: [
        { source: dir, target: '/app', writable: false },
        { source: '/tmp', target: '/scratch', writable: true },
      ],
      env: { MODE: 'fast', PORT: '5000' },
    });
    expect(h2).toMatchObject({ agent: false, command: ['sh', '-c', 'echo hi | cat'] });
  });

  it('plans which nodes run the lab daemon, and routers with daemon: none route no multicast', () => {
    const result = parse(
      'routers:',
      '  r1: { interfaces: [lan1], daemon: none, command: [/usr/sbin/pimd, -f] }',
      'hosts:',
      '  h1: { network: lan1, agent: off, image: my/app }',
      '  h2: { network: lan1 }',
    );
    if (!result.ok) throw new Error(errors(result).join('\n'));
    const planned = planLab(result.topology, { name: 'demo', takenSubnets: [] });
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    expect(planned.plan.nodes.map((n) => [n.name, n.daemon, n.multicastRouting])).toEqual([
      ['r1', false, false],
      ['h1', false, false],
      ['h2', true, false],
    ]);
  });

  it('reports every malformed value at once, each where it is', () => {
    const result = parse(
      'hosts:',
      '  h2: { network: lan1, command: "rx > out.log", binds: [./data:/data, nocolon] }',
      '  h3: { network: lan1, image: My/Image, env: { 1X: a } }',
    );
    expect(errors(result)).toEqual([
      '5:33 command "rx > out.log" uses shell syntax (>); give a list of words, or run a shell: [sh, -c, "…"]',
      `5:57 bind source ./data does not exist (looked for ${join(dir, 'data')})`,
      '5:71 a bind is SOURCE:/TARGET[:ro|rw], e.g. ./build:/opt/app (got "nocolon")',
      '6:31 image must be a Docker image reference like my/receiver:1.0 (got "My/Image")',
      '6:48 invalid variable name "1X"',
    ]);
  });

  it('names the valid keys and choices, and what an env value must be', () => {
    const result = parse(
      'routers:',
      '  r1: { interfaces: [lan1], daemon: frr, comand: x }',
      'hosts:',
      '  h1: { network: lan1, agent: maybe, env: { A: [1] } }',
    );
    expect(errors(result)).toEqual([
      '5:37 daemon must be one of router-sim, none (got "frr")',
      '5:42 unknown key "comand" in routers.r1; valid keys: interfaces, multicast, forwarding, daemon, image, command, binds, env',
      '7:31 agent must be one of on, off, true, false (got "maybe")',
      '7:48 env values are strings, numbers or booleans (got a list)',
    ]);
  });

  it('reports nodes that would run nothing, router-sim options without it, and missing bind sources', () => {
    const result = parse(
      'routers:',
      '  r1: { interfaces: [lan1], daemon: none, multicast: none }',
      'hosts:',
      '  h1: { network: lan1, agent: off }',
      '  h2: { network: lan1, binds: [./missing:/data] }',
    );
    expect(errors(result)).toEqual([
      '5:37 r1 would run nothing: with daemon: none give it a command, or an image that has one',
      '5:54 r1 runs no router-sim (daemon: none): multicast does not apply',
      '7:31 h1 would run nothing: with agent: off give it a command, or an image that has one',
      `8:32 bind source ./missing does not exist (looked for ${join(dir, 'missing')})`,
    ]);
  });
});
