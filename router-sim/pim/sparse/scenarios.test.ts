import { describe, expect, it } from 'vitest';
import { joinPruneOverrideInterval } from '../common/neighbors.js';
import { pimTimers } from '../common/timers.js';
import type { LoggedMessage, Traversal } from '../testing/sim-network.js';
import type { SparseEntrySnapshot } from './snapshot.js';
import type { SptThreshold } from './sparse-router.js';
import { type SparseNetwork, sparseNetwork } from './testing/sparse-network.js';
import { sparseTimers } from './timers.js';

const fast = pimTimers('fast');
const sparse = sparseTimers('fast');
const G = '239.1.1.1';
const S = '10.0.0.100';
/** r2's address on lan1. */
const RP = '10.0.1.2';
/** Neighbors know each other within Triggered_Hello_Delay; the source starts after that. */
const START = 2_000;
const EVERY = 100;
/** From a change downstream to the Prune taking effect upstream, on a LAN with other routers. */
const PRUNE_TIMING = joinPruneOverrideInterval(fast) + fast.dataPollInterval + 50;

const times = (seen: Traversal[]) => seen.map((t) => t.at);

function entry(net: SparseNetwork, router: string, kind: SparseEntrySnapshot['kind']) {
  return net
    .get(router)
    .router.state()
    .entries.find((e) => e.kind === kind && e.group === G);
}

const registers = (net: SparseNetwork, nullRegister: boolean): LoggedMessage[] =>
  net.sent.filter((s) => s.message.type === 'register' && s.message.nullRegister === nullRegister);
const registerStops = (net: SparseNetwork) => net.sent.filter((s) => s.message.type === 'register-stop');

/** Every Join/Prune a router sent, as `lan: +(*,G) -(S,G,rpt)…`. */
function joinPrunes(net: SparseNetwork, router: string, from = 0): string[] {
  return net.sent
    .filter((s) => s.router === router && s.at >= from && s.message.type === 'join-prune')
    .map((s) => {
      if (s.message.type !== 'join-prune') return '';
      const entries = s.message.groups.flatMap((g) => [
        ...g.joins.map((j) => `+${j.wildcard ? '(*,G)' : j.rpt ? '(S,G,rpt)' : '(S,G)'}`),
        ...g.prunes.map((p) => `-${p.wildcard ? '(*,G)' : p.rpt ? '(S,G,rpt)' : '(S,G)'}`),
      ]);
      return `${s.lan}: ${entries.join(' ')}`;
    });
}

/**
 * A tree with the RP in the middle, the source and the receivers in other branches:
 *
 *   lan0 (S) — r1 — lan1 — r2 (RP) — lan2 — r3 — lan3 (members)
 *                           |
 *                          lan4 — r4 — lan5 (no members unless told)
 */
function tree(sptThreshold: SptThreshold = 'immediate'): SparseNetwork {
  const net = sparseNetwork({ rp: RP, sptThreshold });
  for (const n of [0, 1, 2, 3, 4, 5]) net.addLan(`lan${n}`, n);
  net.addRouter('r1', 1, ['lan0', 'lan1']);
  net.addRouter('r2', 2, ['lan1', 'lan2', 'lan4']);
  net.addRouter('r3', 3, ['lan2', 'lan3']);
  net.addRouter('r4', 4, ['lan4', 'lan5']);
  net.setMember('lan3', G, true);
  net.start();
  return net;
}

/**
 * The tree and a shortcut from the source's LAN to r3: S's shortest path to lan3 bypasses the RP.
 * r1 is the DR of lan0 (DR Priority 2), so Registers go r1 → r2.
 *
 *   lan0 (S) — r1 — lan1 — r2 (RP) — lan2 — r3 — lan3 (members)
 *     └ r5 ———————— lan6 —————————————————— r3
 */
function shortcut(sptThreshold: SptThreshold = 'immediate'): SparseNetwork {
  const net = sparseNetwork({ rp: RP, sptThreshold, drPriority: { r1: 2 } });
  for (const n of [0, 1, 2, 3, 6]) net.addLan(`lan${n}`, n);
  net.addRouter('r1', 1, ['lan0', 'lan1']);
  net.addRouter('r2', 2, ['lan1', 'lan2']);
  net.addRouter('r3', 3, ['lan2', 'lan3', 'lan6']);
  net.addRouter('r5', 5, ['lan0', 'lan6']);
  net.setMember('lan3', G, true);
  net.start();
  return net;
}

describe('the RP tree, then the source tree', () => {
  it('delivers through the RP from the first packet, the RP joins the source tree and stops the Registers', async () => {
    const net = tree();
    await net.run(START);
    // Before any data: the (*,G) tree from r3 to the RP, nothing towards r4.
    expect(entry(net, 'r3', '(*,G)')).toMatchObject({
      upstream: 'Joined',
      rpfNeighbor: '10.0.2.2',
      olist: [1],
    });
    expect(entry(net, 'r2', '(*,G)')).toMatchObject({
      upstream: 'Joined',
      rpfNeighbor: null,
      rpfVif: 3,
      olist: [1],
    });
    expect(entry(net, 'r4', '(*,G)')).toBeUndefined();
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(5);
    // The first packet came to the RP in a Register, was decapsulated on the register VIF and sent down.
    expect(entry(net, 'r2', '(S,G)')?.mroute).toEqual({ iif: 3, oifs: [1] });
    await net.run(5_000);
    expect(times(net.seen('lan3', G)).slice(0, 1)).toEqual([START + 3]);
    // From the second packet on, data flows natively: the RP's entry took RPF_interface(S) as iif.
    expect(entry(net, 'r2', '(S,G)')).toMatchObject({
      sptBit: true,
      upstream: 'Joined',
      mroute: { iif: 0, oifs: [1] },
    });
    expect(entry(net, 'r1', '(S,G)')).toMatchObject({ register: 'Prune', mroute: { iif: 0, oifs: [1] } });
    expect(registers(net, false).map((r) => r.at)).toEqual([START + 1, START + EVERY + 1]);
    expect(registerStops(net)).toHaveLength(1);
    // Every packet but the one lost at the switch reaches the members, once.
    expect(net.longestGap('lan3', G, START + EVERY, net.clock.now())).toBeLessThanOrEqual(2 * EVERY);
    expect(net.seen('lan3', G).length).toBeGreaterThanOrEqual(net.seen('lan0', G).length - 2);
    expect(net.repeats()).toEqual([]);
    // No data where no one wants it.
    expect([...net.seen('lan4', G), ...net.seen('lan5', G)]).toEqual([]);
  });

  it('switches a last-hop router to the shortest path, whose iif changes, and prunes S off the RP tree', async () => {
    const net = shortcut();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(5);
    expect(entry(net, 'r3', '(S,G)')).toMatchObject({ sptBit: false, mroute: { iif: 0, oifs: [1] } });
    await net.run(8_000);
    expect(entry(net, 'r3', '(S,G)')).toMatchObject({
      sptBit: true,
      upstream: 'Joined',
      rpfNeighbor: '10.0.6.5',
      mroute: { iif: 2, oifs: [1] },
    });
    expect(entry(net, 'r3', '(S,G,rpt)')).toMatchObject({ upstream: 'Pruned', rpfNeighbor: '10.0.2.2' });
    expect(entry(net, 'r2', '(S,G,rpt)')?.downstream).toEqual([
      expect.objectContaining({ vif: 1, state: 'Prune' }),
    ]);
    // r3 joined S towards r5 at once, and pruned S off the RP tree once data came that way.
    expect(joinPrunes(net, 'r3', START)).toEqual([
      'lan6: +(S,G)',
      'lan2: +(*,G) -(S,G,rpt)',
      'lan6: +(S,G)',
      'lan2: +(*,G) -(S,G,rpt)',
      'lan6: +(S,G)',
      'lan2: +(*,G) -(S,G,rpt)',
    ]);
    // The RP, left without anyone for S, pruned its own (S,G) join, and r1 stopped registering.
    expect(joinPrunes(net, 'r2', START)).toEqual(['lan1: +(S,G)', 'lan1: -(S,G)']);
    expect(entry(net, 'r1', '(S,G)')).toMatchObject({ register: 'Prune', mroute: { iif: 0, oifs: [] } });
    // The RP tree carried the first packet only.
    expect(net.seen('lan2', G).map((t) => t.id)).toEqual([1]);
    expect(net.seen('lan1', G).length).toBeLessThanOrEqual(1);
    expect(net.longestGap('lan3', G, START + 10, net.clock.now())).toBeLessThanOrEqual(2 * EVERY);
    expect(net.repeats()).toEqual([]);
  });

  it('stays on the RP tree with threshold never, while the RP takes the source tree', async () => {
    const net = shortcut('never');
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(8_000);
    expect(entry(net, 'r3', '(S,G)')).toMatchObject({
      sptBit: false,
      upstream: 'NotJoined',
      mroute: { iif: 0 },
    });
    expect(entry(net, 'r3', '(S,G,rpt)')).toBeUndefined();
    expect(net.seen('lan6', G)).toEqual([]);
    expect(entry(net, 'r2', '(S,G)')).toMatchObject({ sptBit: true, mroute: { iif: 0, oifs: [1] } });
    expect(registerStops(net).length).toBeGreaterThan(0);
    expect(registers(net, false).length).toBeLessThanOrEqual(2);
    expect(net.longestGap('lan3', G, START + EVERY, net.clock.now())).toBeLessThanOrEqual(2 * EVERY);
    expect(net.repeats()).toEqual([]);
  });

  it('switches after so many packets on the RP tree with threshold {packets: N}', async () => {
    const net = shortcut({ packets: 20 });
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(8_000);
    const spt = net.seen('lan6', G);
    // 20 packets counted on the RP tree (read every data poll), then a Join; the rest come by lan6.
    const switchedAt = spt[0]?.at ?? Number.POSITIVE_INFINITY;
    expect(switchedAt).toBeGreaterThanOrEqual(START + 20 * EVERY);
    expect(switchedAt).toBeLessThanOrEqual(START + 20 * EVERY + fast.dataPollInterval + 2 * EVERY);
    expect(net.seen('lan2', G, switchedAt + PRUNE_TIMING)).toEqual([]);
    expect(entry(net, 'r3', '(S,G)')).toMatchObject({ sptBit: true, mroute: { iif: 2 } });
    expect(net.longestGap('lan3', G, START + EVERY, net.clock.now())).toBeLessThanOrEqual(2 * EVERY);
    expect(net.repeats()).toEqual([]);
  });
});

describe('members coming and going', () => {
  it('grows a branch for a new member and prunes it back when the member leaves', async () => {
    const net = tree();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(2_000);
    const join = net.clock.now();
    net.setMember('lan5', G, true);
    await net.run(4_000);
    const first = net.seen('lan5', G)[0]?.at ?? Number.POSITIVE_INFINITY;
    expect(first - join).toBeLessThan(EVERY + 10);
    expect(net.longestGap('lan5', G, first, net.clock.now())).toBeLessThanOrEqual(EVERY);
    expect(joinPrunes(net, 'r4')).toEqual(['lan4: +(*,G)', 'lan4: +(S,G)', 'lan4: +(*,G) +(S,G)']);
    const leave = net.clock.now();
    net.setMember('lan5', G, false);
    await net.run(4_000);
    expect(joinPrunes(net, 'r4', leave)).toEqual(['lan4: -(*,G) -(S,G)']);
    // r4 is r2's only neighbor on lan4: the Prune takes effect at once.
    expect(net.seen('lan4', G, leave + 10)).toEqual([]);
    expect(net.seen('lan5', G, leave + 10)).toEqual([]);
    expect(entry(net, 'r2', '(*,G)')?.olist).toEqual([1]);
    expect(entry(net, 'r4', '(*,G)')).toBeUndefined();
    expect(net.longestGap('lan3', G, START + EVERY, net.clock.now())).toBeLessThanOrEqual(2 * EVERY);
    expect(net.repeats()).toEqual([]);
  });

  it('tears the whole tree down when the last member leaves, and the entries go once idle', async () => {
    const net = tree();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 5_000);
    await net.run(2_000);
    const leave = net.clock.now();
    net.setMember('lan3', G, false);
    await net.run(sparse.keepalivePeriod + 2 * fast.dataPollInterval);
    expect(net.seen('lan1', G, leave + 10)).toEqual([]);
    expect(net.seen('lan2', G, leave + 10)).toEqual([]);
    await net.run(sparse.rpKeepalivePeriod);
    for (const router of ['r1', 'r2', 'r3', 'r4']) {
      expect(net.get(router).router.state().entries).toEqual([]);
      expect(await net.get(router).plane.routes()).toEqual([]);
    }
  });
});

describe('a source without receivers', () => {
  it('is registered once, then suppressed: Null-Registers probe every suppression period, data stays home', async () => {
    const net = tree();
    net.setMember('lan3', G, false);
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 120_000);
    await net.run(60_000);
    expect(registers(net, false).map((r) => r.at)).toEqual([START + 1]);
    const probes = registers(net, true).map((r) => r.at);
    const stops = registerStops(net).map((r) => r.at);
    // Each Register and probe is answered.
    expect(stops).toHaveLength(1 + probes.length);
    const low = 0.5 * sparse.registerSuppressionTime - sparse.registerProbeTime;
    const high = 1.5 * sparse.registerSuppressionTime - sparse.registerProbeTime;
    expect(probes.length).toBeGreaterThanOrEqual(Math.floor(58_000 / high));
    [START + 2, ...probes].slice(1).forEach((at, i) => {
      const previous = [START + 2, ...probes][i] ?? 0;
      expect(at - previous - 1).toBeGreaterThanOrEqual(low);
      expect(at - previous - 1).toBeLessThanOrEqual(high);
    });
    for (const lan of ['lan1', 'lan2', 'lan3', 'lan4', 'lan5']) expect(net.seen(lan, G)).toEqual([]);
    expect(entry(net, 'r1', '(S,G)')).toMatchObject({
      register: expect.stringMatching(/^(Prune|Join-Pending)$/),
    });
    expect(entry(net, 'r2', '(S,G)')).toMatchObject({ upstream: 'NotJoined', sptBit: false });
    expect(entry(net, 'r2', '(S,G)')?.timers['Keepalive Timer']).toBeGreaterThan(0);
  });

  it('registers again when a member appears while the Registers are suppressed', async () => {
    const net = tree();
    net.setMember('lan3', G, false);
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(3_000);
    const join = net.clock.now();
    net.setMember('lan5', G, true);
    await net.run(5_000);
    // The RP knew S from the Registers: its Join(S,G) goes out at once, and data follows natively from
    // the packet after the one whose WRONGVIF upcall set the RP's SPTbit (the kernel drops that one).
    const first = net.seen('lan5', G)[0]?.at ?? Number.POSITIVE_INFINITY;
    expect(first - join).toBeLessThan(2 * EVERY + 10);
    expect(net.longestGap('lan5', G, first, net.clock.now())).toBeLessThanOrEqual(EVERY);
    expect(net.seen('lan2', G)).toEqual([]);
  });
});

describe('DR election', () => {
  it('lets only the DR of a members LAN join, and only it forwards there', async () => {
    const net = sparseNetwork({ rp: RP });
    for (const n of [0, 1, 2, 3]) net.addLan(`lan${n}`, n);
    net.addRouter('r1', 1, ['lan0', 'lan1']);
    net.addRouter('r2', 2, ['lan1', 'lan2']);
    net.addRouter('r3', 3, ['lan2', 'lan3']);
    net.addRouter('r6', 6, ['lan2', 'lan3']);
    net.setMember('lan3', G, true);
    net.start();
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(8_000);
    // Before Hellos, r3 thought itself DR: it joined, then pruned when it heard r6, which overrode that.
    expect(joinPrunes(net, 'r3')).toEqual(['lan2: +(*,G)', 'lan2: -(*,G)']);
    expect(joinPrunes(net, 'r6', START).length).toBeGreaterThan(2);
    expect(net.get('r3').router.neighbors()[1]?.dr).toBe('10.0.3.6');
    expect(new Set(net.seen('lan3', G).map((t) => t.by))).toEqual(new Set(['r6']));
    expect(net.longestGap('lan3', G, START + EVERY, net.clock.now())).toBeLessThanOrEqual(2 * EVERY);
    expect(net.repeats()).toEqual([]);
  });

  it('lets only the DR of a source LAN register, by DR Priority, and takes over when it dies', async () => {
    const net = shortcut('never');
    await net.run(START);
    net.stream('lan0', S, G, EVERY, 60_000);
    await net.run(3_000);
    expect(new Set(registers(net, false).map((r) => r.router))).toEqual(new Set(['r1']));
    expect(entry(net, 'r5', '(S,G)')).toMatchObject({ register: 'NoInfo' });
    expect(net.get('r5').router.neighbors()[0]?.dr).toBe('10.0.0.1');
    // r1 dies: once its Hellos time out, r5 is DR and registers, and the RP answers.
    const crash = net.clock.now();
    net.crash('r1');
    await net.run(fast.helloHoldtimeSeconds * 1000 + 1_000);
    const after = registers(net, false).filter((r) => r.at > crash);
    expect(new Set(after.map((r) => r.router))).toEqual(new Set(['r5']));
    expect(after[0]?.at).toBeGreaterThan(crash + fast.helloHoldtimeSeconds * 1000 - fast.helloPeriod);
    expect(registerStops(net).filter((r) => r.at > crash)[0]?.destination).toBe(after[0]?.from);
  });
});
