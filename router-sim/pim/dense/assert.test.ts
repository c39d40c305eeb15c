import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import type { AssertMetric } from '../common/assert-metric.js';
import { pimTimers } from '../common/timers.js';
import { ASSERT_TRANSITIONS, AssertMachine } from './assert.js';

const fast = pimTimers('fast');
const MINE: AssertMetric = { rptBit: false, metricPreference: 1, metric: 2, address: '10.0.1.2' };

const metric = (address: string, metricValue: number, metricPreference = 1): AssertMetric => ({
  rptBit: false,
  metricPreference,
  metric: metricValue,
  address,
});
/** Beats MINE by metric; loses to it by metric. */
const better = metric('10.0.1.1', 1);
const worse = metric('10.0.1.3', 3);
const cancel = metric('10.0.1.1', 0xffffffff, 0x7fffffff);

function assertMachine(couldAssert = true) {
  const clock = new VirtualClock();
  const sent: string[] = [];
  let could = couldAssert;
  const machine = new AssertMachine({
    clock,
    timers: fast,
    couldAssert: () => could,
    sptMetric: () => MINE,
    sendAssert: () => sent.push(`Assert@${clock.now()}`),
    sendAssertCancel: () => sent.push(`AssertCancel@${clock.now()}`),
    sendPrune: (winner, holdtime) => sent.push(`Prune(${winner}, ${holdtime})@${clock.now()}`),
    changed: () => {},
  });
  return { clock, machine, sent, setCouldAssert: (value: boolean) => (could = value) };
}

type Machine = ReturnType<typeof assertMachine>;

function winner(): Machine {
  const a = assertMachine();
  a.machine.handle('An (S,G) data packet arrives on downstream interface I');
  a.sent.length = 0;
  return a;
}

function loser(couldAssert = true): Machine {
  const a = assertMachine(couldAssert);
  a.machine.received({ metric: better });
  a.sent.length = 0;
  return a;
}

const scenarios: Record<string, () => void> = {
  'NoInfo × An (S,G) data packet arrives on downstream interface I': () => {
    const a = assertMachine();
    a.machine.handle('An (S,G) data packet arrives on downstream interface I');
    expect(a.machine.state).toBe('Winner');
    expect(a.sent).toEqual(['Assert@0']);
    expect(a.machine.timers()).toEqual({ AT: fast.assertTime });
  },
  'NoInfo × Receive inferior (Assert OR State Refresh) from non-Assert Winner AND CouldAssert': () => {
    const a = assertMachine();
    a.machine.received({ metric: worse });
    expect(a.machine.state).toBe('Winner');
    expect(a.sent).toEqual(['Assert@0']);
    expect(a.machine.timers()).toEqual({ AT: fast.assertTime });
  },
  'NoInfo × Receive preferred Assert OR State Refresh': () => {
    const a = assertMachine();
    a.machine.received({ metric: better });
    expect(a.machine.state).toBe('Loser');
    expect(a.machine.winner).toBe('10.0.1.1');
    // The loser prunes itself from the winner for as long as it lost (§4.6.1).
    expect(a.sent).toEqual([`Prune(10.0.1.1, ${fast.assertTime})@0`]);
    // A State Refresh stands for an Assert for three of its intervals; on the RPF interface no Prune.
    const upstream = assertMachine(false);
    upstream.machine.received({ metric: worse, stateRefreshIntervalSeconds: 5 });
    expect(upstream.machine.winner).toBe('10.0.1.3');
    expect(upstream.machine.timers()).toEqual({ AT: 15_000 });
    expect(upstream.sent).toEqual([]);
  },
  'Winner × An (S,G) data packet arrives on downstream interface I': () => {
    const a = winner();
    a.clock.advance(1_000);
    a.machine.handle('An (S,G) data packet arrives on downstream interface I');
    expect(a.sent).toEqual(['Assert@1000']);
    expect(a.machine.timers()).toEqual({ AT: fast.assertTime });
  },
  'Winner × Receive inferior (Assert OR State Refresh) from non-Assert Winner AND CouldAssert': () => {
    const a = winner();
    a.clock.advance(1_000);
    a.machine.received({ metric: worse });
    expect(a.machine.state).toBe('Winner');
    expect(a.sent).toEqual(['Assert@1000']);
    expect(a.machine.timers()).toEqual({ AT: fast.assertTime });
  },
  'Winner × Receive preferred Assert OR State Refresh': () => {
    const a = winner();
    a.machine.received({ metric: better });
    expect(a.machine.state).toBe('Loser');
    expect(a.machine.winner).toBe('10.0.1.1');
    expect(a.sent).toEqual([`Prune(10.0.1.1, ${fast.assertTime})@0`]);
  },
  'Winner × Send State Refresh(S,G) out I': () => {
    const a = winner();
    a.machine.sentStateRefresh(60);
    expect(a.machine.state).toBe('Winner');
    expect(a.machine.timers()).toEqual({ AT: 180_000 });
  },
  'Winner × AT(S,G,I) expires': () => {
    const a = winner();
    a.clock.advance(fast.assertTime);
    expect(a.machine.state).toBe('NoInfo');
    expect(a.sent).toEqual([]);
  },
  'Winner × CouldAssert -> FALSE': () => {
    const a = winner();
    a.setCouldAssert(false);
    a.machine.handle('CouldAssert -> FALSE');
    expect(a.machine.state).toBe('NoInfo');
    expect(a.sent).toEqual(['AssertCancel@0']);
    expect(a.machine.timers()).toEqual({});
  },
  'Loser × Receive preferred Assert OR State Refresh': () => {
    const a = loser();
    a.clock.advance(2_000);
    // The winner again: the AT starts over, and no second Prune.
    a.machine.received({ metric: better });
    expect(a.machine.timers()).toEqual({ AT: fast.assertTime });
    // A router better still takes over.
    a.machine.received({ metric: metric('10.0.1.9', 0) });
    expect(a.machine.winner).toBe('10.0.1.9');
    expect(a.machine.state).toBe('Loser');
    expect(a.sent).toEqual([]);
  },
  'Loser × Receive inferior (Assert OR State Refresh) from Assert Winner': () => {
    const a = loser();
    a.machine.received({ metric: cancel });
    expect(a.machine.state).toBe('NoInfo');
    expect(a.machine.timers()).toEqual({});
    // A winner whose route got worse than ours loses its place too.
    const b = loser();
    b.machine.received({ metric: metric('10.0.1.1', 5) });
    expect(b.machine.state).toBe('NoInfo');
  },
  'Loser × AT(S,G,I) expires': () => {
    const a = loser();
    a.clock.advance(fast.assertTime);
    expect(a.machine.state).toBe('NoInfo');
    expect(a.machine.winner).toBeUndefined();
  },
  'Loser × CouldAssert -> FALSE': () => {
    const a = loser();
    a.machine.handle('CouldAssert -> FALSE');
    expect(a.machine.state).toBe('NoInfo');
    expect(a.machine.timers()).toEqual({});
  },
  'Loser × CouldAssert -> TRUE': () => {
    const a = loser(false);
    a.machine.handle('CouldAssert -> TRUE');
    expect(a.machine.state).toBe('NoInfo');
    expect(a.machine.timers()).toEqual({});
  },
  "Loser × Winner's NLT(N,I) expires": () => {
    const a = loser();
    a.machine.handle("Winner's NLT(N,I) expires");
    expect(a.machine.state).toBe('NoInfo');
    expect(a.machine.winner).toBeUndefined();
  },
  'Loser × Receive Prune(S,G), Join(S,G) or Graft(S,G)': () => {
    const a = loser();
    a.machine.handle('Receive Prune(S,G), Join(S,G) or Graft(S,G)');
    expect(a.machine.state).toBe('Loser');
    expect(a.sent).toEqual(['Assert@0']);
  },
};

describe('(S,G) Assert state machine (RFC 3973 §4.6.1)', () => {
  const cells = Object.entries(ASSERT_TRANSITIONS).flatMap(([state, events]) =>
    Object.keys(events).map((event) => `${state} × ${event}`),
  );

  it('has a scenario for each cell of the table', () => {
    expect(Object.keys(scenarios).sort()).toEqual(cells.sort());
  });

  it.each(Object.entries(scenarios))('%s', (_, scenario) => scenario());

  it('as a loser, ignores worse Asserts from other routers and AssertCancels from non-winners', () => {
    const a = loser();
    a.machine.received({ metric: worse });
    a.machine.received({ metric: metric('10.0.1.9', 0xffffffff, 0x7fffffff) });
    expect(a.machine.state).toBe('Loser');
    expect(a.machine.winner).toBe('10.0.1.1');
    expect(a.sent).toEqual([]);
  });

  it('on the RPF interface (CouldAssert false) takes any real Assert as preferred, never an AssertCancel', () => {
    const a = assertMachine(false);
    a.machine.received({ metric: cancel });
    expect(a.machine.state).toBe('NoInfo');
    a.machine.received({ metric: worse });
    expect(a.machine.winner).toBe('10.0.1.3');
    a.machine.received({ metric: better });
    expect(a.machine.winner).toBe('10.0.1.1');
  });
});
