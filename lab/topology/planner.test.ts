import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Topology } from './model.js';
import { parseTopology } from './parse.js';
import type { LabPlan } from './plan.js';
import { bridgeName, planLab } from './planner.js';

function topology(...lines: string[]): Topology {
  const result = parseTopology(`${lines.join('\n')}\n`, 'test.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  return result.topology;
}

function plan(t: Topology, options: Parameters<typeof planLab>[1] = {}): LabPlan {
  const result = planLab(t, options);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.plan;
}

const node = (p: LabPlan, name: string) => p.nodes.find((n) => n.name === name);
const addresses = (p: LabPlan) =>
  Object.fromEntries(
    p.nodes.map((n) => [n.name, n.interfaces.map((i) => `${i.network}=${i.address}/${i.prefixLength}`)]),
  );
const routes = (p: LabPlan) =>
  Object.fromEntries(p.nodes.map((n) => [n.name, n.routes.map((r) => `${r.destination} via ${r.via}`)]));

describe('planLab networks', () => {
  const lab = topology(
    'name: demo',
    'defaults: { snooping: off }',
    'networks:',
    '  lan1:',
    '  lan2: { subnet: 10.100.1.0/24, snooping: on }',
    '  lan3:',
    'routers:',
    '  r1: { interfaces: [lan1, lan2, lan3] }',
  );

  it('gives networks without a subnet /24s from the pool, skipping explicit and taken subnets', () => {
    const p = plan(lab, { takenSubnets: ['10.100.0.0/24', 'fd00::/64', '172.17.0.0/16'] });
    expect(p.networks.map((n) => [n.name, n.subnet, n.gateway])).toEqual([
      ['lan1', '10.100.2.0/24', '10.100.2.1'],
      ['lan2', '10.100.1.0/24', '10.100.1.1'],
      ['lan3', '10.100.3.0/24', '10.100.3.1'],
    ]);
  });

  it('takes snooping from the network, else from the defaults', () => {
    expect(plan(lab).networks.map((n) => n.snooping)).toEqual([false, true, false]);
  });

  it('derives short, deterministic bridge names from lab and network', () => {
    const p = plan(lab);
    const expected = `mcl-${createHash('sha256').update('demo/lan1').digest('hex').slice(0, 10)}`;
    expect(p.networks[0]?.bridge).toBe(expected);
    expect(bridgeName('demo', 'lan1')).toBe(expected);
    expect(p.networks.every((n) => n.bridge.length <= 15)).toBe(true);
    expect(new Set(p.networks.map((n) => n.bridge)).size).toBe(3);
  });

  it('renames the lab, which renames its bridges', () => {
    const p = plan(lab, { name: 'demo-2' });
    expect(p.name).toBe('demo-2');
    expect(p.networks[0]?.bridge).toBe(bridgeName('demo-2', 'lan1'));
    expect(planLab(lab, { name: 'Bad Name' })).toEqual({
      ok: false,
      errors: ['lab name "Bad Name" must match ^[a-z0-9][a-z0-9_-]{0,29}$'],
    });
  });

  it('fails on an exhausted pool and on explicit subnets that other networks use', () => {
    const small = topology(
      'name: demo',
      'defaults: { subnet_pool: 10.9.0.0/23 }',
      'networks: { a: , b: { subnet: 10.100.1.0/24 }, c: }',
      'routers:',
      '  r1: { interfaces: [a, b, c] }',
    );
    expect(planLab(small, { takenSubnets: ['10.9.0.0/24', '10.100.0.0/16'] })).toEqual({
      ok: false,
      errors: [
        'subnet 10.100.1.0/24 of network b overlaps 10.100.0.0/16, which another Docker network already uses',
        'subnet pool 10.9.0.0/23 has no free /24 left for network c',
      ],
    });
  });
});

describe('planLab addresses', () => {
  it('gives routers the addresses after the gateway, then hosts, skipping fixed ones', () => {
    const p = plan(
      topology(
        'name: demo',
        'defaults: { igmp_version: 2 }',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/24 }',
        '  core: { subnet: 10.0.0.0/29 }',
        'hosts:',
        '  h1: { network: lan1 }',
        '  h2: { network: lan1, address: 10.1.1.4, igmp_version: 3 }',
        '  h3: { network: lan1 }',
        'routers:',
        '  r1: { interfaces: [lan1, core] }',
        '  r2: { interfaces: [{ network: core, address: 10.0.0.2 }, lan1] }',
      ),
    );
    expect(addresses(p)).toEqual({
      r1: ['lan1=10.1.1.2/24', 'core=10.0.0.3/29'],
      r2: ['core=10.0.0.2/29', 'lan1=10.1.1.3/24'],
      h1: ['lan1=10.1.1.5/24'],
      h2: ['lan1=10.1.1.4/24'],
      h3: ['lan1=10.1.1.6/24'],
    });
    expect(p.nodes.map((n) => [n.name, n.kind, n.igmpVersion])).toEqual([
      ['r1', 'router', 2],
      ['r2', 'router', 2],
      ['h1', 'host', 2],
      ['h2', 'host', 3],
      ['h3', 'host', 2],
    ]);
  });
});

describe('planLab forwarding planes', () => {
  it("gives routers their own plane, else the lab's, and hosts auto", () => {
    const forwarding = (t: Topology) => plan(t).nodes.map((n) => [n.name, n.forwarding]);
    const routers = [
      'networks: { lan1: , lan2: }',
      'routers:',
      '  r1: { interfaces: [lan1, lan2] }',
      '  r2: { interfaces: [lan2], forwarding: kernel-mroute }',
      'hosts:',
      '  h1: { network: lan1 }',
    ];
    expect(forwarding(topology('name: demo', ...routers))).toEqual([
      ['r1', 'auto'],
      ['r2', 'kernel-mroute'],
      ['h1', 'auto'],
    ]);
    expect(forwarding(topology('name: demo', 'defaults: { forwarding: nftables }', ...routers))).toEqual([
      ['r1', 'nftables'],
      ['r2', 'kernel-mroute'],
      ['h1', 'auto'],
    ]);
  });

  it('takes auto for a topology built in code without a forwarding default', () => {
    const t = topology('name: demo', 'networks: { lan1: }', 'routers: { r1: { interfaces: [lan1] } }');
    const { forwarding: _, ...defaults } = t.defaults;
    expect(plan({ ...t, defaults }).nodes[0]?.forwarding).toBe('auto');
  });
});

describe('planLab routes', () => {
  it('routes a line of three routers hop by hop; hosts default to their router', () => {
    // a ─ r1 ─ n12 ─ r2 ─ n23 ─ r3 ─ b
    const p = plan(
      topology(
        'name: line',
        'networks:',
        '  a: { subnet: 10.0.1.0/24 }',
        '  n12: { subnet: 10.0.12.0/24 }',
        '  n23: { subnet: 10.0.23.0/24 }',
        '  b: { subnet: 10.0.2.0/24 }',
        'routers:',
        '  r1: { interfaces: [a, n12] }',
        '  r2: { interfaces: [n12, n23] }',
        '  r3: { interfaces: [n23, b] }',
        'hosts:',
        '  ha: { network: a }',
        '  hb: { network: b }',
      ),
    );
    expect(routes(p)).toEqual({
      r1: ['10.0.23.0/24 via 10.0.12.3', '10.0.2.0/24 via 10.0.12.3'],
      r2: ['10.0.1.0/24 via 10.0.12.2', '10.0.2.0/24 via 10.0.23.3'],
      r3: ['10.0.1.0/24 via 10.0.23.2', '10.0.12.0/24 via 10.0.23.2'],
      ha: ['default via 10.0.1.2'],
      hb: ['default via 10.0.2.2'],
    });
  });

  it('breaks ties on a diamond by the lower next-hop address', () => {
    //        n1 ─ r2 ─ n3
    //  a ─ r1              r4 ─ b
    //        n2 ─ r3 ─ n4
    // n2 is numbered below n1, so r1 reaches b via r3 even though r2 comes first.
    const p = plan(
      topology(
        'name: diamond',
        'networks:',
        '  a: { subnet: 10.0.10.0/24 }',
        '  n1: { subnet: 10.0.2.0/24 }',
        '  n2: { subnet: 10.0.1.0/24 }',
        '  n3: { subnet: 10.0.3.0/24 }',
        '  n4: { subnet: 10.0.4.0/24 }',
        '  b: { subnet: 10.0.20.0/24 }',
        'routers:',
        '  r1: { interfaces: [a, n1, n2] }',
        '  r2: { interfaces: [n1, n3] }',
        '  r3: { interfaces: [n2, n4] }',
        '  r4: { interfaces: [n3, n4, b] }',
      ),
    );
    expect(routes(p)).toEqual({
      r1: ['10.0.3.0/24 via 10.0.2.3', '10.0.4.0/24 via 10.0.1.3', '10.0.20.0/24 via 10.0.1.3'],
      r2: [
        '10.0.10.0/24 via 10.0.2.2',
        '10.0.1.0/24 via 10.0.2.2',
        '10.0.4.0/24 via 10.0.3.3',
        '10.0.20.0/24 via 10.0.3.3',
      ],
      r3: [
        '10.0.10.0/24 via 10.0.1.2',
        '10.0.2.0/24 via 10.0.1.2',
        '10.0.3.0/24 via 10.0.4.3',
        '10.0.20.0/24 via 10.0.4.3',
      ],
      r4: ['10.0.10.0/24 via 10.0.3.2', '10.0.2.0/24 via 10.0.3.2', '10.0.1.0/24 via 10.0.4.2'],
    });
  });

  it('points hosts at the lowest-addressed router of their network, and gives lone hosts no route', () => {
    const p = plan(
      topology(
        'name: two',
        'networks:',
        '  lan1: { subnet: 10.1.1.0/24 }',
        '  core: { subnet: 10.0.0.0/24 }',
        'routers:',
        '  r1: { interfaces: [core, { network: lan1, address: 10.1.1.9 }] }',
        '  r2: { interfaces: [core, lan1] }',
        'hosts:',
        '  h1: { network: lan1 }',
      ),
    );
    expect(node(p, 'h1')?.routes).toEqual([{ destination: 'default', via: '10.1.1.2' }]);
    const alone = plan(topology('name: alone', 'networks: { lan1: }', 'hosts: { h1: { network: lan1 } }'));
    expect(node(alone, 'h1')?.routes).toEqual([]);
  });
});
