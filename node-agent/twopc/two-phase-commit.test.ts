import { describe, expect, it, vi } from 'vitest';

import type { AtomicGroupMember } from '../atomic/member.js';
import { checkViewSynchrony } from '../check/view-synchrony.js';
import type { Store } from '../store/store.js';
import { showLog } from '../testing/atomic-fixtures.js';
import { AtomicSim } from '../testing/atomic-sim.js';
import { decodeTx, encodeTx } from './messages.js';
import { type Outcome, TwoPhaseCommit, type Vote } from './two-phase-commit.js';

/** Seeded simulations: quick, but give a busy machine room. */
vi.setConfig({ testTimeout: 30_000 });

interface Cluster {
  sim: AtomicSim;
  tpc: Map<string, TwoPhaseCommit>;
  /** Decisions each process handed to `decided`, by member id (across restarts). */
  decided: Map<string, Map<string, Outcome>>;
}

/**
 * Five members with 2PC on top (uniform delivery, as 2PC over a group wants). `votes` says how a member
 * votes; `onAppend` sees every store append (to crash a member at a chosen point of its log).
 */
function cluster(
  seed: number,
  votes: (id: string, tx: string) => Vote = () => 'yes',
  hooks: {
    onVote?: (id: string, tx: string) => void;
    onAppend?: (id: string, record: Record<string, unknown>) => void;
  } = {},
): Cluster {
  const tpc = new Map<string, TwoPhaseCommit>();
  const decided = new Map<string, Map<string, Outcome>>();
  const sim = new AtomicSim({
    seed,
    members: 5,
    transport: 'unicast',
    uniform: true,
    impairments: { loss: 0.03, duplicate: 0.02, reorder: 0.2, jitterMs: 5 },
    onStart: (id: string, member: AtomicGroupMember, store: Store) => {
      tpc.get(id)?.stop();
      const watched: Store = {
        records: () => store.records(),
        append: (record) => {
          hooks.onAppend?.(id, record);
          store.append(record);
        },
        close: () => store.close(),
      };
      const mine = decided.get(id) ?? new Map<string, Outcome>();
      decided.set(id, mine);
      tpc.set(
        id,
        new TwoPhaseCommit({
          member,
          store: watched,
          vote: (tx) => {
            hooks.onVote?.(id, tx);
            return votes(id, tx);
          },
          decided: (tx, outcome) => mine.set(tx, outcome),
        }),
      );
    },
  });
  expect(sim.joinAll()).toBe(true);
  return { sim, tpc, decided };
}

const node = (c: Cluster, id: string) => c.tpc.get(id) as TwoPhaseCommit;

/** Runs until every listed member knows the outcome of `tx` (letting promise callbacks run). */
async function settle(c: Cluster, tx: string, ids: readonly string[], limitMs = 20_000): Promise<void> {
  const deadline = c.sim.clock.now() + limitMs;
  while (c.sim.clock.now() < deadline && !ids.every((id) => node(c, id).outcome(tx) !== undefined)) {
    c.sim.run(20);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function outcomes(c: Cluster, tx: string, ids: readonly string[]): (Outcome | undefined)[] {
  return ids.map((id) => node(c, id).outcome(tx));
}

const dump = (c: Cluster) => c.sim.ids.map((id) => `\n${id}: ${showLog(c.sim.logs[id] ?? [])}`).join('');

describe('two-phase commit over the group', () => {
  it('commits when every member votes yes, and logs votes and the decision', async () => {
    const c = cluster(1);
    const result = node(c, 'h2').propose('t1', Buffer.from('transfer 10'));
    await settle(c, 't1', c.sim.ids);
    expect(await result).toBe('commit');
    expect(outcomes(c, 't1', c.sim.ids)).toEqual(c.sim.ids.map(() => 'commit'));
    for (const id of c.sim.ids) {
      const events = c.sim.stores
        .get(id)
        ?.records()
        .filter((r) => r.type === 'tx')
        .map((r) => r.event);
      expect(events).toEqual(id === 'h2' ? ['begin', 'vote', 'decide'] : ['vote', 'decide']);
      expect(c.decided.get(id)?.get('t1')).toBe('commit');
    }
  });

  it('aborts when one member votes no', async () => {
    const c = cluster(2, (id) => (id === 'h4' ? 'no' : 'yes'));
    const result = node(c, 'h1').propose('t2', Buffer.from('x'));
    await settle(c, 't2', c.sim.ids);
    expect(await result).toBe('abort');
    expect(outcomes(c, 't2', c.sim.ids)).toEqual(c.sim.ids.map(() => 'abort'));
  });

  it('coordinator crash before the decision: the survivors abort, the restarted coordinator learns it', async () => {
    for (const seed of [3, 4, 5]) {
      const c = cluster(seed);
      // PREPARE leaves (4 unicast copies), then the coordinator dies before it can vote or decide.
      c.sim.crashAfter('h3', 4);
      void node(c, 'h3').propose('t3', Buffer.from('x'));
      const survivors = c.sim.ids.filter((id) => id !== 'h3');
      await settle(c, 't3', survivors);
      expect(outcomes(c, 't3', survivors), dump(c)).toEqual(survivors.map(() => 'abort'));
      c.sim.restart('h3');
      expect(node(c, 'h3').inDoubt()).toEqual(['t3']);
      await settle(c, 't3', ['h3']);
      expect(node(c, 'h3').outcome('t3')).toBe('abort');
      c.sim.stopAll();
      expect(checkViewSynchrony(c.sim.logs)).toEqual([]);
    }
  });

  it('coordinator crash after logging the decision: everyone commits, whether DECISION got out or not', async () => {
    for (const [seed, budget] of [
      [6, 0],
      [7, 2],
      [8, 4],
      [9, 1],
    ] as const) {
      let c: Cluster | undefined;
      c = cluster(seed, () => 'yes', {
        onAppend: (id, record) => {
          // Dies as its DECISION goes out: after `budget` of its unicast copies.
          if (id === 'h1' && record.event === 'decide' && c?.sim.isAlive('h1'))
            c.sim.crashAfter('h1', budget);
        },
      });
      void node(c, 'h1').propose('t4', Buffer.from('x'));
      const survivors = c.sim.ids.filter((id) => id !== 'h1');
      await settle(c, 't4', survivors);
      expect(c.sim.isAlive('h1')).toBe(false);
      expect(outcomes(c, 't4', survivors), dump(c)).toEqual(survivors.map(() => 'commit'));
      c.sim.restart('h1');
      expect(node(c, 'h1').outcome('t4')).toBe('commit'); // from its own log, before catching up
      await settle(c, 't4', ['h1']);
      c.sim.stopAll();
      expect(checkViewSynchrony(c.sim.logs)).toEqual([]);
    }
  });

  it('participant crash before voting: the others abort; the restarted participant learns the abort', async () => {
    const c = cluster(10);
    void node(c, 'h2').propose('t5', Buffer.from('x'));
    c.sim.crash('h5'); // PREPARE is in flight: h5 never delivers it
    const survivors = c.sim.ids.filter((id) => id !== 'h5');
    await settle(c, 't5', survivors);
    expect(outcomes(c, 't5', survivors), dump(c)).toEqual(survivors.map(() => 'abort'));
    c.sim.restart('h5');
    await settle(c, 't5', ['h5']);
    expect(node(c, 'h5').outcome('t5')).toBe('abort');
  });

  it('participant crash right after voting yes: one outcome everywhere, the restarted participant agrees', async () => {
    for (const seed of [11, 12, 13]) {
      let c: Cluster | undefined;
      c = cluster(seed, () => 'yes', {
        onVote: (id) => {
          if (id === 'h4') c?.sim.clock.setTimer(0, () => c?.sim.crash('h4')); // its VOTE is out, then it dies
        },
      });
      const result = node(c, 'h1').propose('t6', Buffer.from('x'));
      const survivors = c.sim.ids.filter((id) => id !== 'h4');
      await settle(c, 't6', survivors);
      const outcome = await result;
      expect(outcomes(c, 't6', survivors), dump(c)).toEqual(survivors.map(() => outcome));
      c.sim.restart('h4');
      await settle(c, 't6', ['h4']);
      expect(node(c, 'h4').outcome('t6')).toBe(outcome);
    }
  });

  it('encodes its messages into payloads and rejects anything else without throwing', () => {
    const prepare = { kind: 'prepare', tx: 'a', payload: Buffer.from([1, 2, 3]) } as const;
    expect(decodeTx(encodeTx(prepare))).toEqual(prepare);
    expect(decodeTx(encodeTx({ kind: 'vote', tx: 'a', vote: 'no' }))).toEqual({
      kind: 'vote',
      tx: 'a',
      vote: 'no',
    });
    for (const bad of [
      '',
      'hello',
      '2PC\u0000{',
      '2PC\u0000{"kind":"vote","tx":"a","vote":"maybe"}',
      '2PC\u0000null',
    ])
      expect(decodeTx(Buffer.from(bad))).toBeUndefined();
  });
});
