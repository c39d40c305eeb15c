import { describe, expect, it } from 'vitest';
import { readSimPacket } from '../../fib/sim-plane.js';
import { pimTimers } from '../common/timers.js';
import { membershipSchedule } from '../testing/membership-schedule.js';
import { type SparseNetwork, sparseNetwork } from './testing/sparse-network.js';
import { sparseTimers } from './timers.js';

const fast = pimTimers('fast');
const sparse = sparseTimers('fast');
const G = '239.1.1.1';
const S = '10.0.0.100';
/** More with SPARSE_SEEDS=n, for a deeper look. */
const SEEDS = Number(process.env.SPARSE_SEEDS ?? 200);
const LOSS = { loss: 0.1, duplicate: 0.02, reorder: 0.1 };
const EVERY = 100;
const START = 2_000;
const LOSSY_MS = 60_000;
const HOLDTIME = sparse.joinPruneHoldtimeSeconds * 1000;
/**
 * A joining member gets data within this. Its DR's Join(*,G), then the RP's Join(S,G), each lost with
 * p = 0.1, go again every t_periodic: six periods leave them 6 · 0.1⁵ ≈ 10⁻⁴ of failing together. If
 * the RP has forgotten S meanwhile, the DR registers again when its Register-Stop Timer runs out
 * (at most 1.5 × Register_Suppression_Time − Register_Probe_Time), well within that.
 */
const JOIN_BOUND = 6 * sparse.joinPrunePeriod + fast.dataPollInterval + 2 * EVERY;
/**
 * Once a branch has no members, the LAN feeding it is quiet within this: the Prune may be lost, and the
 * state upstream then lasts until its Expiry Timer (J/P_HoldTime) runs out.
 */
const PRUNE_BOUND = HOLDTIME + fast.dataPollInterval + 2 * EVERY;
/**
 * After the loss stops, every stale state has expired and every wanted one is refreshed within a
 * J/P_HoldTime and two periods, and the DR has probed the RP again (Register-Stop Timer < this).
 */
const SETTLE = HOLDTIME + 2 * sparse.joinPrunePeriod + 1.5 * sparse.registerSuppressionTime;
/** How long the settled network is watched. */
const WATCH = 8_000;

/**
 * The RP in the middle, the source's DR r1 on one side, members behind r3 (which has a shortcut
 * towards the source through r5, so it switches trees) and behind r4:
 *
 *   lan0 (S) — r1 — lan1 — r2 (RP) — lan2 — r3 — lan3 (members at times)
 *     └ r5 ———————— lan6 ———————————————— r3       |
 *                                   lan4 — r4 — lan5 (members at times)
 */
function network(seed: number): SparseNetwork {
  const net = sparseNetwork({ rp: '10.0.1.2', drPriority: { r1: 2 }, seed, impairments: LOSS });
  for (const n of [0, 1, 2, 3, 4, 5, 6]) net.addLan(`lan${n}`, n);
  net.addRouter('r1', 1, ['lan0', 'lan1']);
  net.addRouter('r2', 2, ['lan1', 'lan2', 'lan4']);
  net.addRouter('r3', 3, ['lan2', 'lan3', 'lan6']);
  net.addRouter('r4', 4, ['lan4', 'lan5']);
  net.addRouter('r5', 5, ['lan0', 'lan6']);
  net.start();
  return net;
}

/** Each members LAN and the LANs that feed only it. */
const FEEDS = { lan3: ['lan2', 'lan6'], lan5: ['lan4'] } as const;

/** The packets more than one router registered. */
function registeredTwice(net: SparseNetwork): Set<number> {
  const by = new Map<number, Set<string>>();
  for (const { router, message } of net.sent) {
    if (message.type !== 'register' || message.nullRegister) continue;
    const id = readSimPacket(message.packet)?.bytes;
    if (id === undefined) continue;
    by.set(id, (by.get(id) ?? new Set()).add(router));
  }
  return new Set([...by].filter(([, routers]) => routers.size > 1).map(([id]) => id));
}

/** Members come and go on the leaf LANs, each state lasting 5–35 s. */
const MEMBERS = { lans: ['lan3', 'lan5'] as const, group: G, from: START, minMs: 5_000, spreadMs: 30_000 };

describe(`sparse mode with ${LOSS.loss * 100}% control loss, duplication and reordering, members coming and going`, () => {
  it(`keeps its invariants over ${SEEDS} seeds`, async () => {
    let joins = 0;
    let prunes = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const net = network(seed);
      const end = START + LOSSY_MS;
      const periods = membershipSchedule(net, { ...MEMBERS, seed: seed + 2_000_000, until: end });
      await net.run(START);
      net.stream('lan0', S, G, EVERY, end + SETTLE + WATCH);
      await net.run(LOSSY_MS);

      const where = `seed ${seed}`;
      // No forwarding loop and no two routers forwarding onto one LAN: no packet crosses a LAN twice,
      // unless two routers of the source's LAN registered it, each taking itself for the DR because
      // Hellos were lost (the RP decapsulates both Registers).
      const twice = registeredTwice(net);
      expect(
        net.repeats().filter((t) => !twice.has(t.id)),
        where,
      ).toEqual([]);
      for (const { lan, from, to, member } of periods) {
        const seen = net.seen(lan, G, from, to);
        if (member) {
          if (to - from < JOIN_BOUND) continue;
          // Every member gets data, soon.
          joins++;
          expect(seen[0]?.at ?? Number.POSITIVE_INFINITY, `${where}: ${lan} joined at ${from}`).toBeLessThan(
            from + JOIN_BOUND,
          );
        } else {
          // A LAN without members gets nothing beyond what was on its way (its DR stops at once)…
          expect(
            seen.filter((t) => t.at > from + 10),
            `${where}: ${lan} left at ${from}`,
          ).toEqual([]);
          // …and the LANs feeding it stop within the Prune's bound.
          if (to - from > PRUNE_BOUND) prunes++;
          for (const feed of FEEDS[lan])
            expect(net.seen(feed, G, from + PRUNE_BOUND, to), `${where}: ${feed} after ${from}`).toEqual([]);
        }
      }

      // Once the loss stops, with members behind r3 only, everything settles within SETTLE.
      net.impair({});
      net.setMember('lan3', G, true);
      net.setMember('lan5', G, false);
      await net.run(SETTLE);
      const settled = net.clock.now();
      await net.run(WATCH);
      expect(net.longestGap('lan3', G, settled, net.clock.now()), where).toBeLessThanOrEqual(EVERY);
      // Only the source tree r5 → r3 carries data: not the RP tree, not the member-less branch.
      for (const lan of ['lan1', 'lan2', 'lan4', 'lan5'])
        expect(net.seen(lan, G, settled), `${where}: ${lan}`).toEqual([]);
      expect(
        net.repeats().filter((t) => t.at >= settled),
        where,
      ).toEqual([]);
    }
    // The schedules gave the invariants something to check.
    expect(joins).toBeGreaterThan(SEEDS);
    expect(prunes).toBeGreaterThan(SEEDS);
  }, 60_000);
});
