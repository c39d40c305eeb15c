import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { checkViewSynchrony } from '../check/view-synchrony.js';
import type { TransportKind } from '../group-types/options.js';
import { messageIds, showLog } from '../testing/atomic-fixtures.js';
import { AtomicSim } from '../testing/atomic-sim.js';
import type { AtomicOrdering } from './ordering.js';

/**
 * One trial: 5 members; some traffic; then one member multicasts a burst and crashes after `budget`
 * datagrams (unicast fan-out: each message is 4 datagrams, so the crash falls between the copies of
 * one message). Survivors must each deliver its last message or none of them may, and the logs must
 * pass the view-synchrony checker (total-sequencer: in the same order everywhere too, whichever member
 * crashes, the sequencer included, with every member sending meanwhile).
 */
function trial(
  seed: number,
  transport: TransportKind,
  uniform: boolean,
  ordering: AtomicOrdering = 'fifo',
  victimOf: (ids: string[]) => string = (ids) => ids[seededRandom(seed).int(ids.length)] as string,
): string | undefined {
  const r = seededRandom(seed * 7_777 + 3);
  const lossy = r.next() < 0.5;
  const sim = new AtomicSim({
    seed,
    members: 5,
    transport,
    uniform,
    ordering,
    impairments: lossy ? { loss: 0.05, duplicate: 0.02, reorder: 0.2, jitterMs: 6 } : {},
  });
  if (!sim.joinAll()) return `seed ${seed}: no common view at the start`;
  for (const id of sim.ids)
    for (let i = 0; i < 1 + r.int(3); i++) sim.member(id).send(Buffer.from(`${id} warm-up ${i}`));
  sim.run(r.int(300));
  const victim = victimOf(sim.ids);
  const burst = 1 + r.int(3);
  const budget = r.int(4 * burst + 1);
  sim.crashAfter(victim, budget);
  const sent: string[] = [];
  for (let i = 0; i < burst; i++) {
    const result = sim.member(victim).send(Buffer.from(`${victim} last ${i}`));
    if (result.status === 'sent') sent.push(`${victim} ${result.msgId}`);
    if (ordering !== 'fifo')
      for (const id of sim.ids) if (id !== victim) sim.member(id).send(Buffer.from(`${id} meanwhile ${i}`));
  }
  if (sim.isAlive(victim)) sim.crash(victim);
  const survivors = sim.ids.filter((id) => id !== victim);
  const settled = sim.runUntil(() => sim.settled(survivors), 15_000);
  sim.run(500);
  sim.stopAll();
  const dump = () => survivors.map((id) => `\n  ${id}: ${showLog(sim.logs[id] ?? [])}`).join('');
  if (!settled) return `seed ${seed}: survivors did not settle in one view${dump()}`;
  for (const msg of sent) {
    const at = survivors.filter((id) => messageIds(sim.logs[id] ?? []).includes(msg));
    if (at.length !== 0 && at.length !== survivors.length)
      return `seed ${seed}: ${msg} delivered only at ${at} (budget ${budget})${dump()}`;
  }
  const violations = checkViewSynchrony(sim.logs, { uniform, total: ordering !== 'fifo' });
  if (violations.length > 0) return `seed ${seed}: ${JSON.stringify(violations.slice(0, 3))}${dump()}`;
  return undefined;
}

/** Seeds per transport beyond the 20 trials; ATOMIC_SEEDS=2000 makes a long what-if run. */
const SEEDS = Number(process.env.ATOMIC_SEEDS ?? 40);

describe('atomic multicast: a sender crashes half-way through multicasting to 5 members', () => {
  it('20 repeated trials: every survivor delivers its message or none does', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const failure = trial(seed, 'unicast', false);
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  }, 30_000);

  it.each([
    ['unicast', false],
    ['unicast', true],
    ['ip-multicast', false],
    ['hierarchical', true],
  ] as const)(
    `%s transport, uniform %s: ${SEEDS} more seeds`,
    (transport, uniform) => {
      const failures: string[] = [];
      for (let seed = 100; seed < 100 + SEEDS; seed++) {
        const failure = trial(seed, transport, uniform);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    },
    30_000 + SEEDS * 100,
  );

  it.each([
    ['total-sequencer', 'any member', undefined],
    ['total-sequencer', 'the sequencer (the view coordinator)', (ids: string[]) => ids[0] as string],
    ['total-isis', 'any member', undefined],
  ] as const)(
    `%s, %s crashing: ${SEEDS} seeds, same messages in the same order at every survivor`,
    (ordering, _, victimOf) => {
      const failures: string[] = [];
      for (let seed = 300; seed < 300 + SEEDS; seed++) {
        const failure = trial(seed, 'unicast', seed % 2 === 0, ordering, victimOf);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    },
    30_000 + SEEDS * 100,
  );
});
