import { describe, expect, it } from 'vitest';
import type { Rpf } from '../../rib/rpf.js';
import { joinPruneOverrideInterval } from '../common/neighbors.js';
import { type PimTimers, pimTimers } from '../common/timers.js';
import type { Traversal } from '../testing/sim-network.js';
import { type DenseNetwork, denseNetwork } from './testing/dense-network.js';

const fast = pimTimers('fast');
const G = '239.1.1.1';
const S = '10.0.0.100';
/** From the first packet a router should not forward to the Prune taking effect upstream. */
const PRUNE_TIMING = joinPruneOverrideInterval(fast) + fast.dataPollInterval + 50;
const HOLDTIME = fast.pruneHoldtimeSeconds * 1000;
/** Neighbors know each other within Triggered_Hello_Delay; the source starts after that. */
const START = 2_000;
const EVERY = 100;

/** lan0 (S) — r1 — lan1 — r2 — lan2 — r3 — lan3. */
function lineOfThree(timers: PimTimers = fast): DenseNetwork {
  const net = denseNetwork(timers);
  for (const n of [0, 1, 2, 3]) net.addLan(`lan${n}`, n);
  net.addRouter('r1', 1, ['lan0', 'lan1']);
  net.addRouter('r2', 2, ['lan1', 'lan2']);
  net.addRouter('r3', 3, ['lan2', 'lan3']);
  net.start();
  return net;
}

const times = (seen: Traversal[]) => seen.map((t) => t.at);

describe('a line of three routers', () => {
  it('floods the first packets, then prunes member-less branches within prune timing', async () => {
    const net = lineOfThree();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(8_000);
    for (const lan of ['lan1', 'lan2']) {
      expect(times(net.seen(lan, G)).slice(0, 1)).toEqual([expect.closeTo(START, -1)]);
      expect(net.seen(lan, G, START + PRUNE_TIMING)).toEqual([]);
    }
    // No neighbor and no member behind r3: nothing ever goes to lan3.
    expect(net.seen('lan3', G)).toEqual([]);
    expect(net.get('r2').router.state()).toEqual([
      expect.objectContaining({
        source: S,
        group: G,
        rpfVif: 0,
        rpfNeighbor: '10.0.1.1',
        upstream: expect.objectContaining({ state: 'Pruned' }),
        downstream: [expect.objectContaining({ vif: 1, pruneState: 'Pruned', assertState: 'NoInfo' })],
        oifs: [],
      }),
    ]);
    expect(net.get('r1').router.state()[0]).toMatchObject({ rpfNeighbor: null, oifs: [] });
    expect(net.repeats()).toEqual([]);
  });

  it('grafts a pruned branch back when a member joins, within a few LAN delays', async () => {
    const net = lineOfThree();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(3_000);
    const joinAt = net.clock.now();
    net.setMember('lan3', G, true);
    await net.run(3_000);
    const grafts = net.sent.filter((s) => s.at >= joinAt && s.message.type.startsWith('graft'));
    expect(grafts.map((s) => `${s.router} ${s.message.type} → ${s.destination}`)).toEqual([
      'r3 graft → 10.0.2.2',
      'r2 graft-ack → 10.0.2.3',
      'r2 graft → 10.0.1.1',
      'r1 graft-ack → 10.0.1.2',
    ]);
    // From the first packet after the Grafts, every packet reaches the member.
    const first = net.seen('lan3', G)[0]?.at ?? Number.POSITIVE_INFINITY;
    expect(first - joinAt).toBeLessThan(EVERY + 50);
    expect(net.longestGap('lan3', G, first, net.clock.now())).toBeLessThanOrEqual(EVERY);
    expect(net.get('r2').router.state()[0]).toMatchObject({ upstream: { state: 'Forwarding' }, oifs: [1] });
  });

  it('refloods when the prune holdtime runs out, and prunes again', async () => {
    const net = lineOfThree();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(3 * HOLDTIME + 1_000);
    const lan1 = times(net.seen('lan1', G));
    // Bursts: the flood at the start, then one per PruneHoldTime, each over within prune timing.
    const bursts = lan1.filter((t, i) => i === 0 || t - (lan1[i - 1] ?? 0) > PRUNE_TIMING);
    expect(bursts).toHaveLength(4);
    bursts.slice(1).forEach((at, i) => {
      expect(at - (bursts[i] ?? 0)).toBeGreaterThanOrEqual(HOLDTIME - EVERY);
      expect(at - (bursts[i] ?? 0)).toBeLessThanOrEqual(HOLDTIME + PRUNE_TIMING);
    });
    for (const start of bursts)
      expect(lan1.filter((t) => t >= start && t < start + HOLDTIME / 2).at(-1)).toBeLessThan(
        start + PRUNE_TIMING,
      );
    expect(net.repeats()).toEqual([]);
  });
});

/** lan0 (S) — r1, r2 — lan1 — r3 — lan2 (member): two routers could forward onto lan1. */
function twoUpstream(rpf: { r1?: Rpf; r2?: Rpf } = {}): DenseNetwork {
  const net = denseNetwork(fast);
  for (const n of [0, 1, 2]) net.addLan(`lan${n}`, n);
  const routes = (custom: Rpf | undefined) => (custom ? { rpf: () => custom } : {});
  net.addRouter('r1', 1, ['lan0', 'lan1'], routes(rpf.r1));
  net.addRouter('r2', 2, ['lan0', 'lan1'], routes(rpf.r2));
  net.addRouter('r3', 3, ['lan1', 'lan2']);
  net.setMember('lan2', G, true);
  net.start();
  return net;
}

describe('a LAN with two upstream routers', () => {
  const route = (metricPreference: number, metric: number): Rpf => ({
    vif: 0,
    neighbor: undefined,
    metricPreference,
    metric,
  });

  it.each([
    { why: 'equal metrics: the higher address', r1: route(0, 0), r2: route(0, 0), winner: 'r2' },
    { why: 'the lower metric', r1: route(0, 1), r2: route(0, 5), winner: 'r1' },
    { why: 'the lower metric preference before the metric', r1: route(1, 0), r2: route(0, 9), winner: 'r2' },
  ])('elects one forwarder by Assert — $why', async ({ r1, r2, winner }) => {
    const net = twoUpstream({ r1, r2 });
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(fast.assertTime - 1_000);
    const loser = winner === 'r1' ? 'r2' : 'r1';
    const winnerAddress = winner === 'r1' ? '10.0.1.1' : '10.0.1.2';
    const settled = START + 500;
    // Both forward the first packet; from then on only the winner does, and each packet once.
    expect(
      net
        .seen('lan1', G, START, START + 50)
        .map((t) => t.by)
        .sort(),
    ).toEqual(['r1', 'r2']);
    const after = net.seen('lan1', G, settled);
    expect(new Set(after.map((t) => t.by))).toEqual(new Set([winner]));
    expect(new Set(after.map((t) => t.id)).size).toBe(after.length);
    expect(net.get(loser).router.state()[0]?.downstream).toEqual([
      expect.objectContaining({ vif: 1, assertState: 'Loser', assertWinner: winnerAddress }),
    ]);
    expect(net.get(winner).router.state()[0]?.downstream).toEqual([
      expect.objectContaining({
        vif: 1,
        pruneState: 'NoInfo',
        assertState: 'Winner',
        assertWinner: winnerAddress,
      }),
    ]);
    // The downstream router learned the winner as RPF'(S), and the member gets every packet once.
    expect(net.get('r3').router.state()[0]).toMatchObject({
      rpfNeighbor: winnerAddress,
      upstream: { state: 'Forwarding', assertState: 'Loser' },
    });
    const member = net.seen('lan2', G, settled);
    expect(new Set(member.map((t) => t.id)).size).toBe(member.length);
    expect(net.longestGap('lan2', G, settled, net.clock.now())).toBeLessThanOrEqual(EVERY);
  });

  it('re-elects the same forwarder when the Assert state times out, with at most a packet or two twice', async () => {
    const net = twoUpstream();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(4 * fast.assertTime);
    const lan1 = net.seen('lan1', G, START + 500);
    expect(lan1.length - new Set(lan1.map((t) => t.id)).size).toBeLessThanOrEqual(2 * 4);
    expect(net.get('r1').router.state()[0]?.downstream[0]).toMatchObject({ assertState: 'Loser' });
    expect(net.longestGap('lan2', G, START + 500, net.clock.now())).toBeLessThanOrEqual(EVERY);
  });
});

/** lan0 (S) — r1 — lan1 — r2 — lan2 (member), and r3 — lan3 (no member) on lan1 too. */
function twoDownstream(): DenseNetwork {
  const net = denseNetwork(fast);
  for (const n of [0, 1, 2, 3]) net.addLan(`lan${n}`, n);
  net.addRouter('r1', 1, ['lan0', 'lan1']);
  net.addRouter('r2', 2, ['lan1', 'lan2']);
  net.addRouter('r3', 3, ['lan1', 'lan3']);
  net.setMember('lan2', G, true);
  net.start();
  return net;
}

describe('prune override on a LAN with two downstream routers', () => {
  it('keeps the LAN forwarding while one of them still wants the data', async () => {
    const net = twoDownstream();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(3 * HOLDTIME);
    const prunes = net.sent.filter((s) => s.router === 'r3' && s.message.type === 'join-prune');
    const joins = net.sent.filter((s) => s.router === 'r2' && s.message.type === 'join-prune');
    // r3 prunes once per t_limit while data keeps coming, and r2 overrides every one of them.
    expect(prunes.length).toBeGreaterThanOrEqual(3);
    expect(joins.length).toBe(prunes.length);
    joins.forEach((join, i) => {
      const delay = join.at - (prunes[i]?.at ?? 0);
      expect(delay).toBeLessThan(fast.overrideInterval + 10);
    });
    expect(net.longestGap('lan2', G, START + 50, net.clock.now())).toBeLessThanOrEqual(EVERY);
    expect(net.get('r1').router.state()[0]?.downstream[0]).toMatchObject({ pruneState: 'NoInfo' });
    expect(net.seen('lan3', G)).toEqual([]);
  });

  it('prunes the LAN once the last of them stops wanting the data', async () => {
    const net = twoDownstream();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(3_000);
    const leave = net.clock.now();
    net.setMember('lan2', G, false);
    await net.run(HOLDTIME - 2 * PRUNE_TIMING);
    expect(net.seen('lan1', G, leave + PRUNE_TIMING)).toEqual([]);
    expect(net.get('r1').router.state()[0]?.downstream[0]).toMatchObject({ pruneState: 'Pruned' });
  });
});

describe('neighbor loss and restart', () => {
  async function flowing(): Promise<DenseNetwork> {
    const net = lineOfThree();
    net.setMember('lan3', G, true);
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(2_000);
    expect(net.seen('lan3', G, START + 1_000).length).toBeGreaterThan(5);
    return net;
  }

  it('stops forwarding to a dead neighbor once its Holdtime runs out, and prunes upstream', async () => {
    const net = await flowing();
    const crash = net.clock.now();
    net.crash('r3');
    await net.run(2 * HOLDTIME);
    const dead = crash + fast.helloHoldtimeSeconds * 1000;
    expect(times(net.seen('lan2', G, crash)).at(-1)).toBeLessThan(dead + EVERY);
    expect(times(net.seen('lan2', G, crash)).at(-1)).toBeGreaterThan(dead - fast.helloPeriod - EVERY);
    // Until r1's prune holdtime runs out and it refloods.
    expect(net.seen('lan1', G, dead + PRUNE_TIMING, dead + HOLDTIME - PRUNE_TIMING)).toEqual([]);
    expect(net.get('r2').router.neighbors()[1]?.neighbors).toEqual([]);
  });

  it('forgets a neighbor that says goodbye at once', async () => {
    const net = await flowing();
    const stop = net.clock.now();
    net.stop('r3');
    await net.run(HOLDTIME);
    expect(net.seen('lan2', G, stop + 50)).toEqual([]);
    expect(net.seen('lan1', G, stop + PRUNE_TIMING)).toEqual([]);
  });

  it('sees a restarted upstream router by its new Generation ID, and prunes its flood without waiting for t_limit', async () => {
    const net = lineOfThree();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(1_000);
    const before = net.get('r2').router.neighbors()[0]?.neighbors[0]?.generationId;
    const restart = net.clock.now();
    net.restart('r1');
    await net.run(HOLDTIME / 2);
    const after = net.get('r2').router.neighbors()[0]?.neighbors[0]?.generationId;
    expect(after).not.toBe(before);
    // r1 floods lan1 again once it hears r2; r2 prunes that at once although its PLT had long to run.
    const flood = net.seen('lan1', G, restart);
    expect(flood.length).toBeGreaterThan(0);
    expect(flood.at(-1)?.at).toBeLessThan(restart + fast.triggeredHelloDelay + PRUNE_TIMING + EVERY);
    expect(net.get('r1').router.state()[0]?.downstream[0]).toMatchObject({ pruneState: 'Pruned' });
  });
});

describe('State Refresh (RFC 3973 §4.5)', () => {
  const withRefresh: PimTimers = { ...fast, stateRefreshIntervalSeconds: 3 };

  it('keeps pruned branches pruned while the source sends, hop by hop from the first-hop router', async () => {
    const net = lineOfThree(withRefresh);
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(4 * HOLDTIME);
    // The flood, and no reflood at all.
    expect(net.seen('lan1', G, START + PRUNE_TIMING)).toEqual([]);
    const refreshes = net.sent.filter((s) => s.message.type === 'state-refresh');
    const r1 = refreshes.filter((s) => s.router === 'r1');
    expect(r1.length).toBeGreaterThanOrEqual((4 * HOLDTIME) / 3_000 - 1);
    expect(r1[0]?.message).toMatchObject({
      source: S,
      group: G,
      originator: '10.0.0.1',
      ttl: 16,
      pruneIndicator: true,
      intervalSeconds: 3,
      maskLength: 24,
    });
    expect(refreshes.find((s) => s.router === 'r2')?.message).toMatchObject({
      originator: '10.0.0.1',
      ttl: 15,
    });
    expect(net.get('r1').router.state()[0]?.upstream).toMatchObject({ originator: 'Originator' });
    expect(net.get('r1').router.neighbors()[1]?.neighbors).toHaveLength(1);
  });

  it('still grafts a member in, and makes state in a restarted router that then joins', async () => {
    const net = lineOfThree(withRefresh);
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(3_000);
    net.crash('r3');
    net.setMember('lan3', G, true);
    await net.run(1_000);
    const restart = net.clock.now();
    net.restart('r3');
    // r3 knows nothing of (S,G) and gets no data; r2's next State Refresh tells it, and it joins.
    await net.run(5_000);
    const first = net.seen('lan3', G, restart)[0]?.at ?? Number.POSITIVE_INFINITY;
    expect(first).toBeLessThan(restart + 3_000 + 2 * fast.overrideInterval);
    expect(net.longestGap('lan3', G, first, net.clock.now())).toBeLessThanOrEqual(EVERY);
  });
});
