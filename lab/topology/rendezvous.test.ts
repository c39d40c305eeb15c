import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse.js';
import { planLab } from './planner.js';

function rps(...lines: string[]) {
  const parsed = parseTopology(lines.join('\n'), 't.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const planned = planLab(parsed.topology, {});
  if (!planned.ok) throw new Error(planned.errors.join('; '));
  return planned.plan.rps;
}

// r1 ─ a ─ r2 ─ b ─ r3 ─ c ─ r4, a host LAN at each end.
const LINE = [
  'networks:',
  '  lan1: { subnet: 10.0.1.0/24 }',
  '  a: { subnet: 10.0.10.0/24 }',
  '  b: { subnet: 10.0.20.0/24 }',
  '  c: { subnet: 10.0.30.0/24 }',
  '  lan4: { subnet: 10.0.4.0/24 }',
  'routers:',
  '  r1: { interfaces: [lan1, a] }',
  '  r2: { interfaces: [a, b] }',
  '  r3: { interfaces: [b, c] }',
  '  r4: { interfaces: [c, lan4] }',
];

describe('planRendezvousPoints', () => {
  it('puts the RP for every group at the centre of the topology when none is given', () => {
    expect(rps('name: t', 'defaults: { pim: sparse }', ...LINE)).toEqual([
      { router: 'r2', address: '10.0.10.3', groups: '224.0.0.0/4' },
    ]);
  });

  it('takes static RPs per group range, each at its router first address', () => {
    expect(
      rps(
        'name: t',
        'defaults:',
        '  pim: sparse',
        '  rp: [{ router: r3, groups: 239.1.0.0/16 }, { router: r1 }]',
        ...LINE,
      ),
    ).toEqual([
      { router: 'r3', address: '10.0.20.3', groups: '239.1.0.0/16' },
      { router: 'r1', address: '10.0.1.2', groups: '224.0.0.0/4' },
    ]);
  });

  it('prefers an address on a network where the RP is the only router, so routes to it run through the RP', () => {
    const lines = LINE.flatMap((line) =>
      line.includes('lan4:')
        ? [line, '  lan2: { subnet: 10.0.2.0/24 }']
        : [line.replace('r2: { interfaces: [a, b] }', 'r2: { interfaces: [a, b, lan2] }')],
    );
    expect(rps('name: t', 'defaults: { rp: r2 }', ...lines)).toEqual([
      { router: 'r2', address: '10.0.2.2', groups: '224.0.0.0/4' },
    ]);
  });

  it('skips routers that leave multicast routing to the user when choosing the centre', () => {
    const lines = LINE.map((line) =>
      line.replace('r2: { interfaces: [a, b] }', 'r2: { interfaces: [a, b], multicast: none }'),
    );
    expect(rps('name: t', ...lines)[0]?.router).toBe('r3');
  });
});
