import { describe, expect, it } from 'vitest';
import { type ParseResult, parseTopology } from '../topology/parse.js';
import { planLab } from '../topology/planner.js';
import { parseWorkload } from '../workload/parse.js';
import { SHAPES, type ShapeName } from './shape.js';
import { generateTopology, type TopologyOptions } from './topology.js';
import { generateWorkload, type WorkloadOptions } from './workload.js';
import { toYaml } from './yaml-text.js';

const options = (
  shape: ShapeName,
  routers: number,
  more: Partial<TopologyOptions> = {},
): TopologyOptions => ({
  shape,
  routers,
  hostsPerLan: 2,
  seed: 1,
  pim: 'sparse',
  profile: 'fast',
  name: `${shape}-${routers}`,
  fanOut: 2,
  extraLinks: Math.floor(routers / 4),
  ...more,
});

const text = (o: TopologyOptions) => toYaml(generateTopology(o).document, ['test']);

function parsed(yaml: string): Extract<ParseResult, { ok: true }>['topology'] {
  const result = parseTopology(yaml, 'generated.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  return result.topology;
}

/** Routers reachable from r1 over the links, by the planned interfaces. */
function reachableRouters(topology: ReturnType<typeof parsed>): number {
  const onNetwork = new Map<string, string[]>();
  for (const r of topology.routers) {
    for (const i of r.interfaces) onNetwork.set(i.network, [...(onNetwork.get(i.network) ?? []), r.name]);
  }
  const byName = new Map(topology.routers.map((r) => [r.name, r]));
  const seen = new Set(['r1']);
  for (const name of seen) {
    for (const i of byName.get(name)?.interfaces ?? [])
      for (const next of onNetwork.get(i.network) ?? []) seen.add(next);
  }
  return seen.size;
}

describe('generateTopology', () => {
  for (const shape of SHAPES) {
    for (const routers of [1, 2, 3, 7, 30]) {
      it(`${shape} of ${routers}: validates, plans with routes, connects every router, RP where the planner would put it`, () => {
        const topology = parsed(text(options(shape, routers)));
        expect(topology.routers).toHaveLength(routers);
        expect(topology.hosts).toHaveLength(2 * routers);
        expect(reachableRouters(topology)).toBe(routers);
        const planned = planLab(topology, {});
        if (!planned.ok) throw new Error(planned.errors.join('\n'));
        // Every router reaches every subnet it is not on.
        const router = planned.plan.nodes.find((n) => n.name === `r${routers}`);
        expect((router?.routes.length ?? 0) + (router?.interfaces.length ?? 0)).toBe(
          planned.plan.networks.length,
        );
        const { rp: _, ...defaults } = topology.defaults;
        const chosen = planLab({ ...topology, defaults }, { routes: false });
        expect(chosen.ok && chosen.plan.rps[0]?.router).toBe(topology.defaults.rp?.[0]?.router);
      });
    }
  }

  it('shapes: a balanced tree by fan-out, a ring, a near-square grid, a random graph with extra links', () => {
    const links = (o: TopologyOptions) => generateTopology(o).networks - o.routers;
    expect(links(options('tree', 13, { fanOut: 3 }))).toBe(12);
    expect(
      parsed(text(options('tree', 13, { fanOut: 3 }))).routers[0]?.interfaces.map((i) => i.network),
    ).toEqual(['lan1', 'link1-2', 'link1-3', 'link1-4']);
    expect(links(options('ring', 10))).toBe(10);
    // 10 routers: rows of 4 (4, 4, 2): 3 + 3 + 1 across, 4 + 2 down.
    expect(links(options('grid', 10))).toBe(13);
    expect(links(options('random', 40, { extraLinks: 10 }))).toBe(49);
  });

  it('gives the same bytes for the same seed, and another random graph for another seed', () => {
    for (const shape of SHAPES) expect(text(options(shape, 50))).toBe(text(options(shape, 50)));
    expect(text(options('random', 50, { seed: 2 }))).not.toBe(text(options('random', 50)));
  });

  it('writes dense mode with the RP kept, timers and hosts as asked, LANs without hosts', () => {
    const topology = parsed(text(options('grid', 9, { pim: 'dense', profile: 'rfc', hostsPerLan: 0 })));
    expect(topology.defaults).toMatchObject({ pim: 'dense', profile: 'rfc', rp: [{ router: 'r5' }] });
    expect(topology.hosts).toHaveLength(0);
    expect(topology.networks.filter((n) => n.name.startsWith('lan'))).toHaveLength(9);
  });

  it('takes a pool that holds every network, or refuses with the numbers', () => {
    expect(generateTopology(options('tree', 100)).document.defaults.subnet_pool).toBeUndefined();
    expect(generateTopology(options('tree', 200)).document.defaults.subnet_pool).toBe('10.0.0.0/15');
    expect(() => generateTopology(options('tree', 200, { subnetPool: '10.9.0.0/16' }))).toThrow(
      '--subnet-pool 10.9.0.0/16 holds 256 /24s but the topology has 399 networks',
    );
    expect(() => generateTopology(options('tree', 40_000))).toThrow('10.0.0.0/8 holds 65536 /24s');
  });

  it('scales: 10,000 routers and 20,000 hosts validate and plan in seconds', () => {
    for (const shape of SHAPES) {
      const started = performance.now();
      const topology = parsed(text(options(shape, 10_000)));
      const planned = planLab(topology, { routes: false });
      expect(planned.ok).toBe(true);
      expect(planned.ok && planned.plan.nodes).toHaveLength(30_000);
      expect(performance.now() - started, shape).toBeLessThan(20_000);
    }
  }, 120_000);
});

describe('generateWorkload', () => {
  const topology = generateTopology(options('random', 20));
  const workload = (more: Partial<WorkloadOptions> = {}) =>
    generateWorkload(topology.hosts, {
      name: 'w',
      groups: 3,
      sources: 5,
      members: 6,
      duration: 20,
      rate: 10,
      seed: 1,
      ...more,
    });

  it('validates against its topology: sources dealt to the groups, members that do not send, joins early', () => {
    const document = workload();
    const result = parseWorkload(
      toYaml({ ...document }, ['test']),
      'w.yaml',
      parsed(text(options('random', 20))),
    );
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
    expect(result.value.sources.map((s) => s.group)).toEqual([
      '239.1.0.1',
      '239.1.0.2',
      '239.1.0.3',
      '239.1.0.1',
      '239.1.0.2',
    ]);
    for (const group of ['239.1.0.1', '239.1.0.2', '239.1.0.3']) {
      const members = result.value.members.filter((m) => m.group === group).map((m) => m.host);
      const senders = result.value.sources.filter((s) => s.group === group).map((s) => s.host);
      expect(new Set(members).size).toBe(6);
      expect(members.filter((m) => senders.includes(m))).toEqual([]);
    }
    expect(Math.max(...result.value.members.map((m) => m.join))).toBeLessThanOrEqual(5);
    expect(workload()).toEqual(document);
  });

  it('refuses more members than the hosts that could listen, and a topology without hosts', () => {
    expect(() => workload({ members: 40 })).toThrow('--members 40 is more than the 38 hosts');
    const one = { name: 'w', groups: 1, sources: 1, members: 0, duration: 1, rate: 1, seed: 1 };
    expect(() => generateWorkload([], one)).toThrow('--hosts-per-lan is 0');
  });
});
