import { describe, expect, it } from 'vitest';
import { ATOMIC_ORDERINGS } from '../atomic/ordering.js';
import { checkViewSynchrony } from '../check/view-synchrony.js';
import { messagesOf, showLog } from './atomic-fixtures.js';
import { AtomicSim } from './atomic-sim.js';

const SENDERS = ['h1', 'h4', 'h7'];
const COUNT = 200;

/**
 * The lossy-LAN scenario (test/chaos.integration.test.ts) for atomic groups on the simulator: nine members in primary-partition mode, three
 * of them sending 200 messages each at 100/s under 10 % loss, and one member cut off for 1.5 s in the
 * middle (it loses the quorum, blocks, then rejoins and catches up). Every member ends with all 600
 * messages — the cut-off one as history — and the logs keep view synchrony (and total order).
 */
function cutOff(seed: number, ordering: (typeof ATOMIC_ORDERINGS)[number]): string | undefined {
  const sim = new AtomicSim({
    seed,
    members: 9,
    ordering,
    partitionMode: 'primary',
    impairments: { loss: 0.1, duplicate: 0.01, reorder: 0.1, jitterMs: 2 },
  });
  if (!sim.joinAll(20_000)) return `seed ${seed}: no first view`;
  const sent = new Map(SENDERS.map((s) => [s, 0]));
  const sendSome = () => {
    for (const [sender, n] of sent)
      if (n < COUNT && sim.member(sender).send(Buffer.from(`${sender} ${n}`)).status === 'sent')
        sent.set(sender, n + 1);
    if ([...sent.values()].some((n) => n < COUNT)) sim.clock.setTimer(10, sendSome);
  };
  sendSome();
  sim.run(1_000);
  sim.partition([['h5'], sim.ids.filter((id) => id !== 'h5')]);
  sim.run(1_500);
  sim.heal();
  const all = SENDERS.length * COUNT;
  const done = sim.runUntil(
    () => sim.ids.every((id) => messagesOf(sim.logs[id] ?? []).length === all) && sim.settled(sim.ids),
    40_000,
  );
  sim.stopAll();
  const dump = () => sim.ids.map((id) => `\n  ${id}: ${showLog(sim.logs[id] ?? []).slice(-400)}`).join('');
  if (!done) {
    const counts = sim.ids.map((id) => `${id} ${messagesOf(sim.logs[id] ?? []).length}`).join(', ');
    return `seed ${seed}: not all ${all} messages everywhere within 40 s (${counts})${dump()}`;
  }
  const violations = checkViewSynchrony(sim.logs, { total: ordering !== 'fifo', limit: 3 });
  if (violations.length > 0) return `seed ${seed}: ${JSON.stringify(violations)}${dump()}`;
  return undefined;
}

describe('atomic groups: three concurrent senders, 10 % loss, a member cut off for 1.5 s (primary mode)', () => {
  it.each(ATOMIC_ORDERINGS)(
    '%s: every member delivers all 600, the cut-off one by catching up',
    (ordering) => {
      const failures: string[] = [];
      for (let seed = 1; seed <= 4; seed++) {
        const failure = cutOff(seed, ordering);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    },
    60_000,
  );
});
