import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { pimTimers } from '../common/timers.js';
import { ORIGINATOR_TRANSITIONS, OriginatorMachine } from './originator.js';

const timers = pimTimers('fast');
const INTERVAL = 5;

function originator() {
  const clock = new VirtualClock();
  const refreshes: number[] = [];
  const machine = new OriginatorMachine({
    clock,
    timers,
    stateRefreshIntervalSeconds: INTERVAL,
    sendStateRefresh: () => refreshes.push(clock.now()),
  });
  return { clock, machine, refreshes };
}

function active() {
  const o = originator();
  o.machine.handle('Receive Data from S AND S directly connected');
  return o;
}

const scenarios: Record<string, () => void> = {
  'NotOriginator × Receive Data from S AND S directly connected': () => {
    const o = active();
    expect(o.machine.state).toBe('Originator');
    expect(o.machine.timers()).toEqual({ SAT: timers.sourceLifetime, SRT: INTERVAL * 1000 });
  },
  'Originator × Receive Data from S AND S directly connected': () => {
    const o = active();
    o.clock.advance(2_000);
    o.machine.handle('Receive Data from S AND S directly connected');
    expect(o.machine.timers()).toEqual({ SAT: timers.sourceLifetime, SRT: INTERVAL * 1000 - 2_000 });
  },
  'Originator × SRT(S,G) expires': () => {
    const o = active();
    o.clock.advance(3 * INTERVAL * 1000);
    expect(o.refreshes).toEqual([1, 2, 3].map((n) => n * INTERVAL * 1000));
    expect(o.machine.state).toBe('Originator');
  },
  'Originator × SAT(S,G) expires': () => {
    const o = active();
    o.clock.advance(timers.sourceLifetime);
    expect(o.machine.state).toBe('NotOriginator');
    expect(o.machine.timers()).toEqual({});
    const refreshes = o.refreshes.length;
    o.clock.advance(3 * INTERVAL * 1000);
    expect(o.refreshes).toHaveLength(refreshes);
  },
  'Originator × S no longer directly connected': () => {
    const o = active();
    o.machine.handle('S no longer directly connected');
    expect(o.machine.state).toBe('NotOriginator');
    expect(o.machine.timers()).toEqual({});
  },
};

describe('State Refresh Originator state machine (RFC 3973 §4.5)', () => {
  const cells = Object.entries(ORIGINATOR_TRANSITIONS).flatMap(([state, events]) =>
    Object.keys(events).map((event) => `${state} × ${event}`),
  );

  it('has a scenario for each cell of the table', () => {
    expect(Object.keys(scenarios).sort()).toEqual(cells.sort());
  });

  it.each(Object.entries(scenarios))('%s', (_, scenario) => scenario());
});
