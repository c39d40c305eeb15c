import { describe, expect, it } from 'vitest';
import type { PimMessage } from '../../wire/pim/message.js';
import { joinPruneOverrideInterval } from '../common/neighbors.js';
import { pimTimers } from '../common/timers.js';
import { membershipSchedule } from '../testing/membership-schedule.js';
import { type DenseNetwork, denseNetwork } from './testing/dense-network.js';

const fast = pimTimers('fast');
const G = '239.1.1.1';
const S = '10.0.0.100';
const SEEDS = 100;
const LOSS = { loss: 0.1, duplicate: 0.02, reorder: 0.1 };
const EVERY = 100;
const START = 2_000;
const LOSSY_MS = 120_000;
const HOLDTIME = fast.pruneHoldtimeSeconds * 1000;
const PRUNE_TIMING = joinPruneOverrideInterval(fast) + fast.dataPollInterval + 50;
/**
 * A joining member gets data within this: each hop's Graft is retried every Graft_Retry_Period until
 * acknowledged, and a round fails with p = 0.19 at 10% loss. (Without retries the reflood after
 * PruneHoldTime would be the only way, and joins take up to 10 s.)
 */
const JOIN_BOUND = 6 * fast.graftRetryPeriod;

/**
 * lan0 (S) — r1 — lan1 — r2 — lan2 (members at times)
 *                     └ r3 — lan3 — r4 — lan4 (members at times)
 */
function tree(seed: number): DenseNetwork {
  const net = denseNetwork(fast, seed, LOSS);
  for (const n of [0, 1, 2, 3, 4]) net.addLan(`lan${n}`, n);
  net.addRouter('r1', 1, ['lan0', 'lan1']);
  net.addRouter('r2', 2, ['lan1', 'lan2']);
  net.addRouter('r3', 3, ['lan1', 'lan3']);
  net.addRouter('r4', 4, ['lan3', 'lan4']);
  net.start();
  return net;
}

/** Each leaf LAN's router, the LAN it gets data from, and the router upstream of it there. */
const BRANCHES = {
  lan2: { router: 'r2', lan: 'lan1', upstream: 'r1' },
  lan4: { router: 'r4', lan: 'lan3', upstream: 'r3' },
} as const;

type Branch = (typeof BRANCHES)[keyof typeof BRANCHES];

const isPrune = (message: PimMessage) =>
  message.type === 'join-prune' && message.groups[0]?.prunes.length === 1;

/**
 * While a branch has no members, data stops on the LAN it gets it from within prune timing: data
 * there always meets a Prune within t_limit (its router may not prune more often, a Prune may be
 * lost, and one seen from another router, or the upstream router's PruneEcho, stands for its own);
 * and once a Prune gets through upstream, that LAN is quiet for the Prune's holdtime, unless
 * another router there overrides it (only r4 is alone on its LAN).
 */
function checkPruned(net: DenseNetwork, branch: Branch, from: number, to: number): void {
  const since = from + PRUNE_TIMING;
  const prunes = net.sent.filter((s) => s.lan === branch.lan && isPrune(s.message)).map((s) => s.at);
  for (const { at } of net.seen(branch.lan, G, since, to - PRUNE_TIMING)) {
    const answered = prunes.some((p) => p >= at - fast.pruneLimit - PRUNE_TIMING && p <= at + PRUNE_TIMING);
    expect(answered, `data on ${branch.lan} at ${at} never pruned`).toBe(true);
  }
  if (branch.router !== 'r4') return;
  const pruner = net.get(branch.router).attachments[0]?.address;
  for (const heard of net.heard) {
    if (heard.router !== branch.upstream || heard.from !== pruner || !isPrune(heard.message)) continue;
    if (heard.at < since || heard.at >= to) continue;
    expect(net.seen(branch.lan, G, heard.at + EVERY, Math.min(to, heard.at + HOLDTIME - EVERY))).toEqual([]);
  }
}

/** Members come and go on the leaf LANs, each state lasting 5–30 s. */
const MEMBERS = { lans: ['lan2', 'lan4'] as const, group: G, from: START, minMs: 5_000, spreadMs: 25_000 };

describe(`dense mode on a tree with ${LOSS.loss * 100}% loss, members coming and going`, () => {
  it(`keeps its invariants over ${SEEDS} seeds`, async () => {
    let joins = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const net = tree(seed);
      const end = START + LOSSY_MS;
      const periods = membershipSchedule(net, { ...MEMBERS, seed: seed + 1_000_000, until: end });
      await net.run(START);
      net.stream('lan0', S, G, EVERY, end + 4 * HOLDTIME);
      await net.run(LOSSY_MS);

      // No forwarding loop: no packet crosses a LAN twice.
      expect(net.repeats()).toEqual([]);
      for (const { lan, from, to, member } of periods) {
        const seen = net.seen(lan, G, from, to);
        if (!member) {
          // A leaf LAN without members gets nothing beyond what was already on its way…
          expect(seen.filter((t) => t.at > from + EVERY)).toEqual([]);
          // …and the LAN feeding its router stops carrying data within prune timing.
          checkPruned(net, BRANCHES[lan], from, to);
        } else if (to - from >= JOIN_BOUND) {
          // Members always get data, soon.
          joins++;
          expect(seen[0]?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(from + JOIN_BOUND);
        }
      }

      // Once the loss stops, with a member behind r2 and none behind r4, everything settles.
      net.impair({});
      net.setMember('lan2', G, true);
      net.setMember('lan4', G, false);
      await net.run(2 * HOLDTIME);
      const settled = net.clock.now();
      await net.run(2 * HOLDTIME);
      const lan2 = net.seen('lan2', G, settled).map((t) => t.at);
      expect(Math.max(...lan2.slice(1).map((t, i) => t - (lan2[i] ?? 0)))).toBeLessThanOrEqual(EVERY);
      expect(net.seen('lan4', G, settled)).toEqual([]);
      // The branch towards r4 sees only the refloods, each pruned again within prune timing.
      const lan3 = net.seen('lan3', G, settled).map((t) => t.at);
      const bursts = lan3.filter((t, i) => i === 0 || t - (lan3[i - 1] ?? 0) > PRUNE_TIMING);
      expect(bursts.length).toBeLessThanOrEqual(3);
      for (const start of bursts) {
        const last = lan3.filter((t) => t >= start && t < start + HOLDTIME / 2).at(-1);
        expect(last).toBeLessThan(start + PRUNE_TIMING);
      }
      expect(net.repeats()).toEqual([]);
    }
    // The schedules gave the invariants something to check.
    expect(joins).toBeGreaterThan(SEEDS);
    // Seconds alone, more beside the other seeded files on a busy machine.
  }, 30_000);
});
