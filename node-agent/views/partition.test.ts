import { describe, expect, it, vi } from 'vitest';

import { checkViewSynchrony } from '../check/view-synchrony.js';
import { messagesOf, showLog } from '../testing/atomic-fixtures.js';
import { AtomicSim } from '../testing/atomic-sim.js';
import type { PartitionMode } from './partition.js';
import { isView } from './view-record.js';

/** Seeded simulations: quick, but give a busy machine room. */
vi.setConfig({ testTimeout: 30_000 });

const lossy = { loss: 0.03, duplicate: 0.02, reorder: 0.2, jitterMs: 5 };

function sendFrom(sim: AtomicSim, ids: readonly string[], tag: string): string[] {
  const sent: string[] = [];
  for (const id of ids) {
    const result = sim.member(id).send(Buffer.from(`${id} ${tag}`));
    if (result.status === 'sent') sent.push(`${id} ${result.msgId}`);
  }
  return sent;
}

const ids = (sim: AtomicSim, id: string) =>
  messagesOf(sim.logs[id] ?? []).map((r) => `${r.sender} ${r.msgId}`);
/** Five members join, then split into `sides`; returns once `settled` holds. */
function split(
  mode: PartitionMode,
  seed: number,
  sides: string[][],
  settled: (sim: AtomicSim) => boolean,
): AtomicSim {
  const sim = new AtomicSim({ seed, members: 5, partitionMode: mode, impairments: lossy });
  expect(sim.joinAll()).toBe(true);
  sim.partition(sides);
  expect(
    sim.runUntil(() => settled(sim), 10_000),
    dump(sim),
  ).toBe(true);
  return sim;
}

/** Heals, waits for one view of all, has everyone send once and stops; returns what was sent. */
function healAndSend(sim: AtomicSim): string[] {
  sim.heal();
  expect(
    sim.runUntil(() => sim.settled(sim.ids), 15_000),
    dump(sim),
  ).toBe(true);
  const after = sendFrom(sim, sim.ids, 'after the heal');
  sim.run(1_000);
  sim.stopAll();
  return after;
}

const dump = (sim: AtomicSim) => sim.ids.map((id) => `\n${id}: ${showLog(sim.logs[id] ?? [])}`).join('');

describe.each([
  { majority: ['h1', 'h2', 'h3'], minority: ['h4', 'h5'] },
  { majority: ['h3', 'h4', 'h5'], minority: ['h1', 'h2'] },
])('partition $majority | $minority, then heal', ({ majority, minority }) => {
  it.each([1, 2, 3])(
    'merge mode (seed %i): both sides go on; after the heal one view holds all 5',
    (seed) => {
      const sim = split(
        'merge',
        seed,
        [majority, minority],
        (s) => s.settled(majority) && s.settled(minority),
      );
      const during = sendFrom(sim, sim.ids, 'during the partition');
      sim.run(1_000);
      // Each side delivers its own side's messages, in a view of its own.
      for (const id of minority)
        expect(ids(sim, id)).toEqual(
          expect.arrayContaining(during.filter((m) => minority.includes(m.split(' ')[0] ?? ''))),
        );
      for (const id of majority)
        expect(ids(sim, id)).toEqual(
          expect.arrayContaining(during.filter((m) => majority.includes(m.split(' ')[0] ?? ''))),
        );
      const after = healAndSend(sim);
      for (const id of sim.ids) expect(ids(sim, id)).toEqual(expect.arrayContaining(after));
      const last = (sim.logs.h1 ?? []).filter(isView).at(-1);
      expect(last?.members.toSorted()).toEqual(sim.ids);
      expect(checkViewSynchrony(sim.logs), dump(sim)).toEqual([]);
    },
  );

  it.each([1, 2, 3])(
    'primary mode (seed %i): only the majority goes on; the minority blocks, then rejoins and catches up',
    (seed) => {
      const blocked = (s: AtomicSim) => minority.every((id) => s.member(id).state() === 'blocked');
      const sim = split('primary', seed, [majority, minority], (s) => s.settled(majority) && blocked(s));
      const frozen = Object.fromEntries(minority.map((id) => [id, (sim.logs[id] ?? []).length]));
      for (const id of minority)
        expect(sim.member(id).send(Buffer.from('refused'))).toMatchObject({
          status: 'blocked',
          reason: 'no-quorum',
        });
      const during = sendFrom(sim, majority, 'during the partition');
      expect(during).toHaveLength(majority.length);
      sim.run(3_000);
      // The minority installed no view and delivered nothing while cut off.
      for (const id of minority) expect((sim.logs[id] ?? []).length).toBe(frozen[id]);
      for (const id of majority) expect(ids(sim, id)).toEqual(expect.arrayContaining(during));
      const after = healAndSend(sim);
      // The minority rejoined and caught up on what the primary delivered meanwhile.
      for (const id of minority) {
        expect(ids(sim, id)).toEqual(expect.arrayContaining([...during, ...after]));
        expect(messagesOf(sim.logs[id] ?? []).filter((r) => r.catchUp).length).toBeGreaterThanOrEqual(
          during.length,
        );
      }
      expect(checkViewSynchrony(sim.logs), dump(sim)).toEqual([]);
    },
  );
});

describe('primary mode without a majority anywhere', () => {
  it('a 2 | 2 split (of 4) blocks both sides until the heal', () => {
    const sim = new AtomicSim({ seed: 5, members: 4, partitionMode: 'primary' });
    expect(sim.joinAll()).toBe(true);
    sim.partition([
      ['h1', 'h2'],
      ['h3', 'h4'],
    ]);
    expect(sim.runUntil(() => sim.ids.every((id) => sim.member(id).state() === 'blocked'), 10_000)).toBe(
      true,
    );
    sim.heal();
    expect(
      sim.runUntil(() => sim.settled(sim.ids), 15_000),
      dump(sim),
    ).toBe(true);
    sim.stopAll();
    expect(checkViewSynchrony(sim.logs)).toEqual([]);
  });
});
