import { describe, expect, it } from 'vitest';
import { checkViewSynchrony } from '../check/view-synchrony.js';
import { AtomicSim } from '../testing/atomic-sim.js';
import { FailureDetector } from './failure-detector.js';
import { hasQuorum, precedes } from './partition.js';
import { isView } from './view-record.js';

describe('views', () => {
  it('forms one view whose coordinator is the oldest member, and logs it in order with messages', () => {
    const sim = new AtomicSim({ seed: 21, members: 4 });
    expect(sim.joinAll()).toBe(true);
    const view = sim.member('h3').view();
    expect(view.coordinator).toBe(view.members[0]);
    expect(view.members.toSorted()).toEqual(sim.ids);
    expect(sim.member('h2').send(Buffer.from('m'))).toMatchObject({ status: 'sent', seq: 0 });
    sim.run(300);
    for (const id of sim.ids) {
      const log = sim.logs[id] ?? [];
      const last = log.filter(isView).at(-1);
      expect(last).toMatchObject({
        type: 'view',
        view: view.id,
        coordinator: view.coordinator,
        members: view.members,
      });
      expect(log.at(-1)).toMatchObject({ sender: 'h2', seq: 0, view: view.id });
    }
  });

  it('a member joins and another leaves through view changes delivered in order with the messages', async () => {
    const sim = new AtomicSim({
      seed: 22,
      members: 4,
      impairments: { loss: 0.05, jitterMs: 4, reorder: 0.2 },
    });
    for (const id of ['h1', 'h2', 'h3']) sim.member(id).join();
    expect(sim.runUntil(() => sim.settled(['h1', 'h2', 'h3']), 5_000)).toBe(true);
    for (const id of ['h1', 'h2', 'h3']) sim.member(id).send(Buffer.from(`${id} before`));
    sim.member('h4').join();
    expect(sim.runUntil(() => sim.settled(sim.ids), 5_000)).toBe(true);
    for (const id of sim.ids) sim.member(id).send(Buffer.from(`${id} with h4`));
    let left = false;
    void sim
      .member('h2')
      .leave()
      .then(() => {
        left = true;
      });
    expect(sim.member('h2').send(Buffer.from('while leaving'))).toMatchObject({
      status: 'blocked',
      reason: 'flush',
    });
    const rest = ['h1', 'h3', 'h4'];
    for (let t = 0; t < 5_000 && !(left && sim.settled(rest)); t += 20) {
      sim.run(20);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(left).toBe(true);
    expect(sim.member('h2').state()).toBe('left');
    expect(sim.member('h2').send(Buffer.from('gone'))).toEqual({ status: 'rejected', reason: 'not-joined' });
    sim.run(500);
    sim.stopAll();
    const messagesAfterLastView = (id: string) => {
      const log = sim.logs[id] ?? [];
      const last = log.findLastIndex(isView);
      return log
        .slice(last + 1)
        .map((e) => ('sender' in e ? e.sender : ''))
        .sort();
    };
    // h4 joined fresh: it delivers only what was sent in views it is in (the four sent with it).
    expect((sim.logs.h4 ?? []).filter((e) => !isView(e))).toHaveLength(4);
    // The leaver delivered the messages of its last view, like the others, before it went.
    expect(messagesAfterLastView('h2')).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(checkViewSynchrony(sim.logs)).toEqual([]);
  });

  it('suspects a silent member after the timeout and excludes it', () => {
    const sim = new AtomicSim({ seed: 23, members: 3, timing: { memberTimeoutMs: 500 } });
    expect(sim.joinAll()).toBe(true);
    sim.crash('h2');
    const crashedAt = sim.clock.now();
    expect(sim.runUntil(() => sim.settled(['h1', 'h3']), 5_000)).toBe(true);
    expect(sim.clock.now() - crashedAt).toBeGreaterThanOrEqual(500);
    expect(sim.clock.now() - crashedAt).toBeLessThan(1_500);
    expect(sim.member('h1').stats()).toMatchObject({ state: 'member', members: 2 });
  });
});

describe('failure detector and partition rules', () => {
  it('suspects after the timeout, on accusation, and clears when heard again', () => {
    const fd = new FailureDetector(100);
    fd.watch(['a', 'b'], 0);
    expect(fd.suspected('a', 100)).toBe(false);
    expect(fd.suspected('a', 101)).toBe(true);
    fd.heard('a', 150);
    expect(fd.suspected('a', 200)).toBe(false);
    fd.accuse('b');
    expect(fd.suspected('b', 0)).toBe(true);
    fd.heard('b', 1);
    expect(fd.suspected('b', 1)).toBe(false);
    fd.watch(['b'], 300);
    expect(fd.suspected('a', 1_000)).toBe(false); // no longer watched
  });

  it('needs a strict majority of the last view in primary mode, nothing in merge mode', () => {
    const view = { id: 3, coordinator: 'a', members: ['a', 'b', 'c', 'd'].map((id) => ({ id, inc: 1 })) };
    const some = (ids: string[]) => ids.map((id) => ({ id, inc: 1 }));
    expect(hasQuorum('primary', view, some(['a', 'b', 'c']))).toBe(true);
    expect(hasQuorum('primary', view, some(['a', 'b']))).toBe(false);
    expect(hasQuorum('primary', view, [...some(['a', 'b']), { id: 'c', inc: 2 }])).toBe(false); // a restarted c
    expect(hasQuorum('merge', view, some(['a']))).toBe(true);
    expect(hasQuorum('primary', undefined, some(['x']))).toBe(true);
    expect(precedes({ coordinator: 'z', size: 3 }, { coordinator: 'a', size: 2 })).toBe(true);
    expect(precedes({ coordinator: 'a', size: 2 }, { coordinator: 'b', size: 2 })).toBe(true);
  });
});
