import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { DOWNSTREAM_TRANSITIONS, DownstreamMachine } from './downstream.js';

const PENDING = 600;
const HOLDTIME = 10_000;

function downstream(prunePendingTime = PENDING) {
  const clock = new VirtualClock();
  const sent: string[] = [];
  let changes = 0;
  const machine = new DownstreamMachine({
    clock,
    prunePendingTime: () => prunePendingTime,
    sendPruneEcho: (holdtime) => sent.push(`PruneEcho(${holdtime})@${clock.now()}`),
    sendGraftAck: (grafter) => sent.push(`GraftAck(${grafter})@${clock.now()}`),
    changed: () => changes++,
  });
  return { clock, machine, sent, changes: () => changes };
}

type Downstream = ReturnType<typeof downstream>;

function prunePending(): Downstream {
  const d = downstream();
  d.machine.receivePrune(HOLDTIME);
  return d;
}

function prunedState(): Downstream {
  const d = prunePending();
  d.clock.advance(PENDING);
  d.sent.length = 0;
  return d;
}

const scenarios: Record<string, () => void> = {
  'NoInfo × Receive Prune(S,G)': () => {
    const d = downstream();
    d.machine.receivePrune(HOLDTIME);
    expect(d.machine.state).toBe('PrunePending');
    expect(d.machine.timers()).toEqual({ PPT: PENDING });
    expect(d.changes()).toBe(1);
  },
  'NoInfo × Receive Graft(S,G)': () => {
    const d = downstream();
    d.machine.receiveGraft('10.0.1.2');
    expect(d.machine.state).toBe('NoInfo');
    expect(d.sent).toEqual(['GraftAck(10.0.1.2)@0']);
  },
  'PrunePending × Receive Join(S,G)': () => {
    const d = prunePending();
    d.machine.handle('Receive Join(S,G)');
    expect(d.machine.state).toBe('NoInfo');
    expect(d.machine.timers()).toEqual({});
    d.clock.advance(PENDING);
    expect(d.machine.state).toBe('NoInfo');
  },
  'PrunePending × Receive Graft(S,G)': () => {
    const d = prunePending();
    d.machine.receiveGraft('10.0.1.3');
    expect(d.machine.state).toBe('NoInfo');
    expect(d.sent).toEqual(['GraftAck(10.0.1.3)@0']);
    expect(d.machine.timers()).toEqual({});
  },
  'PrunePending × PPT(S,G,I) expires': () => {
    const d = prunePending();
    d.clock.advance(PENDING);
    expect(d.machine.state).toBe('Pruned');
    // The Prune's Holdtime counts from when it was heard.
    expect(d.machine.timers()).toEqual({ PT: HOLDTIME - PENDING });
    expect(d.sent).toEqual([`PruneEcho(${HOLDTIME})@${PENDING}`]);
  },
  'PrunePending × RPF_Interface(S) becomes I': () => {
    const d = prunePending();
    d.machine.handle('RPF_Interface(S) becomes I');
    expect(d.machine.state).toBe('NoInfo');
    expect(d.machine.timers()).toEqual({});
  },
  'Pruned × Receive Prune(S,G)': () => {
    const d = prunedState();
    d.clock.advance(4_000);
    d.machine.receivePrune(HOLDTIME);
    expect(d.machine.timers()).toEqual({ PT: HOLDTIME });
    // A shorter Holdtime does not cut the prune short.
    d.machine.receivePrune(1_000);
    expect(d.machine.timers()).toEqual({ PT: HOLDTIME });
    expect(d.machine.state).toBe('Pruned');
  },
  'Pruned × Receive Join(S,G)': () => {
    const d = prunedState();
    d.machine.handle('Receive Join(S,G)');
    expect(d.machine.state).toBe('NoInfo');
    expect(d.machine.timers()).toEqual({});
  },
  'Pruned × Receive Graft(S,G)': () => {
    const d = prunedState();
    d.machine.receiveGraft('10.0.1.2');
    expect(d.machine.state).toBe('NoInfo');
    expect(d.sent).toEqual([`GraftAck(10.0.1.2)@${PENDING}`]);
    expect(d.machine.timers()).toEqual({});
  },
  'Pruned × PT(S,G,I) expires': () => {
    const d = prunedState();
    d.clock.advance(HOLDTIME - PENDING - 1);
    expect(d.machine.state).toBe('Pruned');
    d.clock.advance(1);
    expect(d.machine.state).toBe('NoInfo');
  },
  'Pruned × RPF_Interface(S) becomes I': () => {
    const d = prunedState();
    d.machine.handle('RPF_Interface(S) becomes I');
    expect(d.machine.state).toBe('NoInfo');
    expect(d.machine.timers()).toEqual({});
  },
  'Pruned × Send State Refresh(S,G) out I': () => {
    const d = prunedState();
    d.clock.advance(5_000);
    d.machine.handle('Send State Refresh(S,G) out I');
    expect(d.machine.state).toBe('Pruned');
    expect(d.machine.timers()).toEqual({ PT: HOLDTIME });
  },
};

describe('Prune(S,G) Downstream state machine (RFC 3973 §4.4.2)', () => {
  const cells = Object.entries(DOWNSTREAM_TRANSITIONS).flatMap(([state, events]) =>
    Object.keys(events).map((event) => `${state} × ${event}`),
  );

  it('has a scenario for each cell of the table', () => {
    expect(Object.keys(scenarios).sort()).toEqual(cells.sort());
  });

  it.each(Object.entries(scenarios))('%s', (_, scenario) => scenario());

  it('prunes at once when the pruning router is alone on the link (PPT 0)', () => {
    const d = downstream(0);
    d.machine.receivePrune(HOLDTIME);
    d.clock.advance(0);
    expect(d.machine.state).toBe('Pruned');
    expect(d.machine.timers()).toEqual({ PT: HOLDTIME });
  });

  it('ignores a Join without Prune state and a second Prune while pending', () => {
    const d = downstream();
    d.machine.handle('Receive Join(S,G)');
    expect(d.changes()).toBe(0);
    d.machine.receivePrune(HOLDTIME);
    d.clock.advance(100);
    d.machine.receivePrune(HOLDTIME);
    expect(d.machine.timers()).toEqual({ PPT: PENDING - 100 });
  });
});
