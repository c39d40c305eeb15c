import { seededRandom } from '../../common/sim/random.js';
import { checkDeliveries } from '../check/checker.js';
import type { Ordering, Reliability } from '../group-types/options.js';
import type { MemberId } from '../wire/messages.js';
import { createSimGroup } from './group-sim.js';

/** The reliable × ordered combinations of plain groups the chaos run covers. */
export const CHAOS_RELIABILITIES: readonly Reliability[] = ['nack', 'ack'];
export const CHAOS_ORDERINGS: readonly Ordering[] = ['fifo', 'causal', 'total-sequencer', 'total-isis'];

/** Virtual time after the last send (loss healed) within which everything must be delivered. */
export const HEAL_DEADLINE_MS = 30_000;

export interface PlainChaosScenario {
  seed: number;
  reliability: Reliability;
  ordering: Ordering;
  members: number;
  senders: number;
  messagesPerSender: number;
  /** Messages per second per sender. */
  rate: number;
  loss: number;
  duplicate: number;
  reorder: number;
  jitterMs: number;
  /** NACK mode's buffer of unstable own messages (small: back-pressure while repairs are pending). */
  maxBuffered: number;
  window: number;
  /**
   * A partition that heals: one to three members (an event-loop stall, a flapping port, a split switch)
   * cut off from the rest, longer than the member timeout but shorter than the give-up time, so each
   * side suspects the other, then everyone is back. Starts `atMs` after the first send.
   */
  partition?: { side: MemberId[]; atMs: number; forMs: number };
  /** A sender that crashes `atMs` after the first send, for good: its undelivered messages go with it. */
  crash?: { member: MemberId; atMs: number };
}

/**
 * The lossy-LAN scenario (test/chaos.integration.test.ts) shrunk to one seed: one LAN of 7–9 members, three of them sending at once at a
 * fixed rate, 5–20 % loss with duplication and reordering (data, NACKs, repairs, order messages,
 * proposals, finals, heartbeats and digests alike), sometimes a partition that heals or a
 * sender that crashes mid-send, drawn from the seed.
 */
export function plainChaosScenario(
  reliability: Reliability,
  ordering: Ordering,
  seed: number,
  /** Messages per sender instead of 12–24 (a long what-if run: PLAIN_CHAOS_MESSAGES=300). */
  messages?: number,
): PlainChaosScenario {
  const r = seededRandom(seed * 2_654_435_761 + 97);
  const tight = r.next() < 0.25;
  const scenario: PlainChaosScenario = {
    seed,
    reliability,
    ordering,
    members: 7 + r.int(3),
    senders: 3,
    messagesPerSender: messages ?? 12 + r.int(13),
    rate: 50 + r.int(151),
    loss: 0.05 + r.next() * 0.15,
    duplicate: r.next() * 0.1,
    reorder: r.next() * 0.5,
    jitterMs: 1 + r.next() * 15,
    maxBuffered: tight ? 8 + r.int(8) : 1024,
    window: tight ? 4 + r.int(4) : 32,
    ...(r.next() < 0.5
      ? {
          partition: {
            side: [...new Set(Array.from({ length: 1 + r.int(3) }, () => `h${1 + r.int(7)}`))],
            atMs: r.next() * 200,
            forMs: 1_100 + r.int(1_500),
          },
        }
      : {}),
  };
  const perSender = scenario.messagesPerSender;
  if (r.next() < 0.3)
    scenario.crash = { member: `h${1 + r.int(3)}`, atMs: (r.next() * (perSender * 1_000)) / scenario.rate };
  return scenario;
}

export interface PlainChaosResult {
  scenario: PlainChaosScenario;
  /** What the checker said (empty: the run passed). */
  violations: string[];
  /** Virtual ms from the last send until every member delivered everything (undefined: never). */
  settledAfterMs: number | undefined;
  /** Each member's stall report at the deadline, when it did not settle. */
  stalls: string[];
}

/**
 * Runs one seed: every member joins, the group settles, the senders send concurrently under loss; after
 * the last send the loss stops (duplication and reordering go on) and the run continues for
 * HEAL_DEADLINE_MS of virtual time. Pass or fail comes only from the delivery logs, through the checker.
 */
export function runPlainChaos(scenario: PlainChaosScenario): PlainChaosResult {
  const { seed, reliability, ordering } = scenario;
  const impairments = {
    loss: scenario.loss,
    duplicate: scenario.duplicate,
    reorder: scenario.reorder,
    jitterMs: scenario.jitterMs,
  };
  let cutOff: ReadonlySet<MemberId> = new Set();
  let crashed: MemberId | undefined;
  const group = createSimGroup({
    seed,
    members: scenario.members,
    group: {
      transport: 'ip-multicast',
      reliability,
      ordering,
      closed: true,
      maxBuffered: scenario.maxBuffered,
      window: scenario.window,
    },
    impairments,
    drop: (to, from) =>
      cutOff.has(to) !== cutOff.has(from) || (crashed !== undefined && (to === crashed || from === crashed)),
  });
  const { clock, ids, logs } = group;
  const plan = seededRandom(seed ^ 0xc4a05);
  for (const member of group.members.values()) clock.setTimer(plan.next() * 50, () => member.join());
  clock.advance(1_500); // joins spread, and the sequencer takes its role

  const senders = ids.slice(0, scenario.senders);
  const sent: Record<MemberId, number> = {};
  let sending = 0;
  const gap = 1_000 / scenario.rate;
  for (const id of senders) {
    const member = group.member(id);
    sent[id] = 0;
    sending++;
    const attempt = () => {
      if (id === crashed) {
        sending--;
        return;
      }
      const result = member.send(Buffer.from(`${id} message ${sent[id]}`));
      if (result.status === 'rejected') throw new Error(`${id} could not send: ${result.reason}`);
      if (result.status === 'blocked') {
        clock.setTimer(5, attempt); // back-pressure: try again shortly
        return;
      }
      sent[id] = (sent[id] ?? 0) + 1;
      if ((sent[id] ?? 0) < scenario.messagesPerSender) clock.setTimer(gap, attempt);
      else sending--;
    };
    clock.setTimer(plan.next() * gap, attempt);
  }

  const { partition } = scenario;
  if (partition) {
    clock.setTimer(partition.atMs, () => {
      cutOff = new Set(partition.side);
    });
    clock.setTimer(partition.atMs + partition.forMs, () => {
      cutOff = new Set();
    });
  }

  const { crash } = scenario;
  if (crash) {
    clock.setTimer(crash.atMs, () => {
      crashed = crash.member;
      group.member(crash.member).stop();
    });
  }

  // Judged: the survivors' logs, every live sender's messages, and the crashed sender's alike everywhere.
  const survivors = () => Object.fromEntries(Object.entries(logs).filter(([id]) => id !== crashed));
  const complete = () => {
    const live = senders.filter((s) => s !== crashed);
    const total = live.length * scenario.messagesPerSender;
    const counts = Object.values(survivors()).map((log) => log.filter((r) => live.includes(r.sender)).length);
    const all = Object.values(survivors()).map((log) => log.length);
    return counts.every((n) => n >= total) && all.every((n) => n === all[0]);
  };
  // Senders are never stuck for good: back-pressure ends once messages become stable.
  const sendLimit = clock.now() + 60_000;
  while (sending > 0 && clock.now() < sendLimit) clock.advance(10);
  const lastSend = clock.now();
  group.network.impair({ ...impairments, loss: 0 }); // heal
  while (!complete() && clock.now() < lastSend + HEAL_DEADLINE_MS) clock.advance(20);
  const settledAfterMs = complete() ? clock.now() - lastSend : undefined;
  const stalls =
    settledAfterMs === undefined ? ids.map((id) => `${id}: ${JSON.stringify(group.member(id).stats())}`) : [];
  for (const member of group.members.values()) member.stop();

  if (crashed) delete sent[crashed]; // how many of its messages got out is not known
  const violations = checkDeliveries(survivors(), { reliability, ordering, sent, limit: 5 }).map(
    (v) => `${v.property}${v.node ? ` at ${v.node}` : ''}: ${v.detail}`,
  );
  if (sending > 0) violations.push(`senders still blocked after 60 s: sent ${JSON.stringify(sent)}`);
  return { scenario, violations, settledAfterMs, stalls };
}

/** One seed of one combination, for replay: undefined when it passes, else what failed and how to rerun. */
export function plainChaosSeed(
  reliability: Reliability,
  ordering: Ordering,
  seed: number,
  messages?: number,
): string | undefined {
  const result = runPlainChaos(plainChaosScenario(reliability, ordering, seed, messages));
  if (result.violations.length === 0) return undefined;
  const s = result.scenario;
  return (
    `${reliability}/${ordering} seed ${seed} (${s.members} members, ${s.senders}×${s.messagesPerSender} at ${s.rate}/s, ` +
    `loss ${(s.loss * 100).toFixed(1)} %, dup ${(s.duplicate * 100).toFixed(1)} %, reorder ${(s.reorder * 100).toFixed(0)} %, ` +
    `maxBuffered ${s.maxBuffered}, window ${s.window}` +
    `${s.partition ? `, ${s.partition.side.join('+')} cut off for ${s.partition.forMs} ms` : ''}` +
    `${s.crash ? `, ${s.crash.member} crashed at ${Math.round(s.crash.atMs)} ms` : ''}): ${result.violations.join('; ')}` +
    ` — replay: SEED=${seed} COMBO=${reliability}/${ordering} npx vitest run --project unit node-agent/testing/plain-chaos.test.ts`
  );
}
