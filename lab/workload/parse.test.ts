import { describe, expect, it } from 'vitest';
import { parseTopology } from '../topology/parse.js';
import { parseWorkload } from './parse.js';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const topology = parseTopology(
  yaml(
    'name: t',
    'networks: { lan1: , lan2: }',
    'routers: { r1: { interfaces: [lan1, lan2] } }',
    'hosts: { h1: { network: lan1 }, h2: { network: lan2 } }',
  ),
  't.yaml',
);
if (!topology.ok) throw new Error('fixture topology is invalid');

const errors = (text: string) => {
  const result = parseWorkload(text, 'w.yaml', topology.topology);
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.message}`);
};

describe('parseWorkload', () => {
  it('fills in defaults: 1000-byte payloads, sources from 0 to the end, members from 0', () => {
    const result = parseWorkload(
      yaml(
        'name: iptv',
        'duration: 20',
        'sources:',
        '  - { host: h1, group: 239.1.1.1, rate: 50 }',
        'members:',
        '  - { host: h2, group: 239.1.1.1, leave: 15 }',
      ),
      'w.yaml',
      topology.topology,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'iptv',
        duration: 20,
        sources: [{ host: 'h1', group: '239.1.1.1', rate: 50, size: 1000, start: 0, stop: 20 }],
        members: [{ host: 'h2', group: '239.1.1.1', join: 0, leave: 15 }],
      },
    });
  });

  it('locates every error at its line and column, with the valid choices', () => {
    expect(
      errors(
        yaml(
          'name: iptv',
          'duration: 10',
          'sources:',
          '  - { host: h9, group: 224.0.0.5, rate: 0 }',
          '  - { host: h1, group: 239.1.1.1, rate: 10, start: 5, stop: 4 }',
          'members:',
          '  - { host: h2, group: 239.1.1.1, join: 12, colour: red }',
        ),
      ),
    ).toEqual([
      '4:24 group must be a multicast address from 224.0.1.0 to 239.255.255.255 (got "224.0.0.5")',
      '4:41 rate must be at least 1',
      '5:61 stop 4 s must come after start 5 s',
      '7:41 join 12 s is after the workload ends (duration 10 s)',
      '7:45 unknown key "colour" in members[0]; valid keys: host, group, join, leave',
    ]);
    expect(
      errors(
        yaml(
          'name: iptv',
          'duration: 10',
          'sources:',
          '  - { host: h9, group: 239.1.1.1, rate: 10 }',
          '  - { host: h1, group: 239.1.1.1, rate: 10, start: 5, stop: 4 }',
          'members:',
          '  - { host: h2, group: 239.1.1.1, join: 12 }',
        ),
      ),
    ).toEqual([
      '4:13 host "h9" is not in topology t; hosts: h1, h2',
      '5:61 stop 4 s must come after start 5 s',
      '7:41 join 12 s is after the workload ends (duration 10 s)',
    ]);
  });

  it('checks the hosts of a workload whose duration it rejected, and compares no time with it', () => {
    expect(
      errors(
        yaml(
          'name: iptv',
          'duration: soon',
          'sources:',
          '  - { host: h9, group: 239.1.1.1, rate: 10, start: 50 }',
          'members:',
          '  - { host: h2, group: 239.1.1.1, join: -1 }',
        ),
      ),
    ).toEqual([
      '2:11 duration must be a number of seconds (got "soon")',
      '4:13 host "h9" is not in topology t; hosts: h1, h2',
      '6:41 join must not be negative',
    ]);
  });
});
