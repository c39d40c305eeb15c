import { describe, expect, it } from 'vitest';
import type { Comparison } from '../compare/compare.js';
import type { CompareMode } from '../compare/summarize.js';
import { simulateModes } from './simulate.js';
import { example } from './test-inputs.js';

const data = (comparison: Comparison, mode: CompareMode) =>
  Object.fromEntries(
    (comparison.results.find((r) => r.mode === mode)?.summary.networks ?? []).map((n) => [n.network, n.data]),
  );
const summary = (comparison: Comparison, mode: CompareMode) =>
  comparison.results.find((r) => r.mode === mode)?.summary;

describe('simulate', () => {
  it('floods iptv in dense mode and keeps sparse mode off the member-less subnets', async () => {
    const { topology, workload } = await example('iptv');
    const comparison = await simulateModes(topology, workload, { modes: ['dense', 'sparse'], seed: 1 });
    expect(comparison.simulated).toMatchObject({ seed: 1, impairments: [] });
    expect(comparison.simulated?.convergedMs.sparse).toBeGreaterThan(0);
    const [dense, sparse] = [data(comparison, 'dense'), data(comparison, 'sparse')];
    expect(dense.agg4).toBeGreaterThan(0);
    for (const name of ['agg4', 'sub4', 'sub5', 'sub6']) expect(sparse[name], name).toBe(0);
    // The head-end's two channels cross its network whole: 50/s and 30/s for 24 s.
    expect(dense.head).toBe(24 * 80);
    expect(sparse.head).toBe(24 * 80);
    for (const mode of ['dense', 'sparse'] as const) {
      const s = summary(comparison, mode);
      expect(s?.duplicates, mode).toBe(0);
      expect(s?.joinLatencyMs.missed, mode).toBe(0);
      for (const { network, bridge, routers } of s?.agreement ?? []) expect(routers, network).toBe(bridge);
    }
    expect(summary(comparison, 'sparse')?.routerState.starG).toBeGreaterThan(0);
    expect(summary(comparison, 'dense')?.wastedPackets).toBeGreaterThan(
      summary(comparison, 'sparse')?.wastedPackets ?? 0,
    );
  });

  it('repeats bit for bit from the seed, and draws differently from another seed', async () => {
    const { topology, workload } = await example('campus');
    const run = (seed: number) => simulateModes(topology, workload, { modes: ['sparse'], seed });
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c.results)).not.toBe(JSON.stringify(a.results));
    expect(data(c, 'sparse')).toEqual(data(a, 'sparse'));
  });

  it('cuts off what lies behind a network that is down', async () => {
    const { topology, workload } = await example('default');
    const comparison = await simulateModes(topology, workload, {
      modes: ['dense'],
      seed: 1,
      impairments: [{ target: 'core', down: true }],
    });
    const s = summary(comparison, 'dense');
    // Unicast would carry h1's 50/s to h4 over lan1, core and lan3 for the 10 s h4 is a member.
    expect(s?.unicastFanOutPackets).toBe(50 * 10 * 3);
    // h4 never hears h1's stream; lan3 carries only h5's own 20/s for 16 s.
    expect(s?.received).toBe(0);
    expect(s?.joinLatencyMs.missed).toBe(1);
    expect(data(comparison, 'dense').lan3).toBe(320);
  });

  it('loses about the asked share of frames on a lossy network', async () => {
    const { topology, workload } = await example('default');
    const comparison = await simulateModes(topology, workload, {
      modes: ['sparse'],
      seed: 3,
      impairments: [{ target: 'lan3', loss: 20 }],
    });
    const received = summary(comparison, 'sparse')?.received ?? 0;
    expect(received).toBeGreaterThan(0.7 * 500);
    expect(received).toBeLessThan(0.9 * 500);
  });

  it("takes the topology's impairments from the start; --impair overrides a network's; rates are not simulated", async () => {
    const { topology, workload } = await example('default');
    const impaired = {
      ...topology,
      networks: topology.networks.map((n) =>
        n.name === 'lan3' ? { ...n, impair: { loss: 20, rate: '1mbit' } } : n,
      ),
    };
    const lossy = await simulateModes(impaired, workload, { modes: ['sparse'], seed: 3 });
    expect(lossy.simulated).toMatchObject({
      impairments: [{ target: 'lan3', loss: 20 }],
      notSimulated: ['lan3 rate 1mbit'],
    });
    const received = summary(lossy, 'sparse')?.received ?? 0;
    expect(received).toBeGreaterThan(0.7 * 500);
    expect(received).toBeLessThan(0.9 * 500);
    const healed = await simulateModes(impaired, workload, {
      modes: ['sparse'],
      seed: 3,
      impairments: [{ target: 'lan3', loss: 0 }],
    });
    // Lossless once it runs; the loss while it converged may have delayed lan3's first report a little.
    expect(summary(healed, 'sparse')?.received).toBeGreaterThanOrEqual(0.98 * 500);
  });

  it('refuses an impairment of something the topology does not have, naming the networks', async () => {
    const { topology, workload } = await example('default');
    await expect(
      simulateModes(topology, workload, {
        modes: ['dense'],
        seed: 1,
        impairments: [{ target: 'nowhere', loss: 5 }],
      }),
    ).rejects.toThrow(
      'impairment target "nowhere" is no network or node of default; networks: lan1, lan2, lan3, core',
    );
  });
});
