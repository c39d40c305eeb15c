import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { tableCells } from '../testing/table-cells.js';
import { DOWNSTREAM_TRANSITIONS, isJoined, joinDownstream } from './downstream.js';
import { isPruned, RPT_DOWNSTREAM_TRANSITIONS, rptDownstream } from './rpt-downstream.js';

const PENDING = 600;
const HOLDTIME = 11_000;

function machines(prunePendingTime = PENDING) {
  const clock = new VirtualClock();
  const echoes: number[] = [];
  let changes = 0;
  const context = {
    clock,
    prunePendingTime: () => prunePendingTime,
    sendPruneEcho: () => echoes.push(clock.now()),
    changed: () => changes++,
  };
  return {
    clock,
    echoes,
    changes: () => changes,
    join: joinDownstream(context),
    rpt: rptDownstream(context),
  };
}

type Machines = ReturnType<typeof machines>;

/** Machines whose (*,G)/(S,G) machine is in `state`, the (S,G,rpt) one too where it has that state. */
function joined(): Machines {
  const m = machines();
  m.join.handle('Receive Join(X)', HOLDTIME);
  return m;
}

function prunePending(): Machines {
  const m = joined();
  m.join.handle('Receive Prune(X)');
  return m;
}

function rptPrunePending(): Machines {
  const m = machines();
  m.rpt.handle('Receive Prune(S,G,rpt)', HOLDTIME);
  return m;
}

function rptPruned(): Machines {
  const m = rptPrunePending();
  m.clock.advance(PENDING);
  return m;
}

const joinScenarios: Record<string, () => void> = {
  'NoInfo × Receive Join(X)': () => {
    const m = machines();
    m.join.handle('Receive Join(X)', HOLDTIME);
    expect(m.join.state).toBe('Join');
    expect(m.join.timers()).toEqual({ 'Expiry Timer': HOLDTIME });
    expect(m.changes()).toBe(1);
  },
  'Join × Receive Join(X)': () => {
    const m = joined();
    m.clock.advance(5_000);
    m.join.handle('Receive Join(X)', HOLDTIME);
    expect(m.join.timers()).toEqual({ 'Expiry Timer': HOLDTIME });
    // A shorter HoldTime does not cut the Join short.
    m.join.handle('Receive Join(X)', 1_000);
    expect(m.join.timers()).toEqual({ 'Expiry Timer': HOLDTIME });
  },
  'Join × Receive Prune(X)': () => {
    const m = joined();
    m.join.handle('Receive Prune(X)');
    expect(m.join.state).toBe('Prune-Pending');
    expect(m.join.timers()).toEqual({ 'Expiry Timer': HOLDTIME, 'Prune-Pending Timer': PENDING });
    expect(isJoined(m.join.state)).toBe(true);
  },
  'Join × Expiry Timer expires': () => {
    const m = joined();
    m.clock.advance(HOLDTIME);
    expect(m.join.state).toBe('NoInfo');
    expect(m.echoes).toEqual([]);
  },
  'Prune-Pending × Receive Join(X)': () => {
    const m = prunePending();
    m.join.handle('Receive Join(X)', HOLDTIME);
    expect(m.join.state).toBe('Join');
    expect(m.join.timers()).toEqual({ 'Expiry Timer': HOLDTIME });
    m.clock.advance(PENDING);
    expect(m.join.state).toBe('Join');
  },
  'Prune-Pending × Prune-Pending Timer expires': () => {
    const m = prunePending();
    m.clock.advance(PENDING);
    expect(m.join.state).toBe('NoInfo');
    expect(m.join.timers()).toEqual({});
    expect(m.echoes).toEqual([PENDING]);
    expect(isJoined(m.join.state)).toBe(false);
  },
  'Prune-Pending × Expiry Timer expires': () => {
    const m = machines(HOLDTIME * 2);
    m.join.handle('Receive Join(X)', HOLDTIME);
    m.join.handle('Receive Prune(X)');
    m.clock.advance(HOLDTIME);
    expect(m.join.state).toBe('NoInfo');
    expect(m.join.timers()).toEqual({});
    expect(m.echoes).toEqual([]);
  },
};

const rptScenarios: Record<string, () => void> = {
  'NoInfo × Receive Prune(S,G,rpt)': () => {
    const m = machines();
    m.rpt.handle('Receive Prune(S,G,rpt)', HOLDTIME);
    expect(m.rpt.state).toBe('Prune-Pending');
    expect(m.rpt.timers()).toEqual({ 'Expiry Timer': HOLDTIME, 'Prune-Pending Timer': PENDING });
    expect(isPruned(m.rpt.state)).toBe(false);
  },
  'Prune × Receive Join(*,G)': () => {
    const m = rptPruned();
    m.rpt.handle('Receive Join(*,G)');
    expect(m.rpt.state).toBe('PruneTmp');
    expect(isPruned(m.rpt.state)).toBe(true);
  },
  'Prune × Receive Join(S,G,rpt)': () => {
    const m = rptPruned();
    m.rpt.handle('Receive Join(S,G,rpt)');
    expect(m.rpt.state).toBe('NoInfo');
    expect(m.rpt.timers()).toEqual({});
  },
  'Prune × Receive Prune(S,G,rpt)': () => {
    const m = rptPruned();
    m.clock.advance(3_000);
    m.rpt.handle('Receive Prune(S,G,rpt)', HOLDTIME);
    expect(m.rpt.state).toBe('Prune');
    expect(m.rpt.timers()).toEqual({ 'Expiry Timer': HOLDTIME });
  },
  'Prune × Expiry Timer expires': () => {
    const m = rptPruned();
    m.clock.advance(HOLDTIME - PENDING);
    expect(m.rpt.state).toBe('NoInfo');
  },
  'Prune-Pending × Receive Join(*,G)': () => {
    const m = rptPrunePending();
    m.rpt.handle('Receive Join(*,G)');
    expect(m.rpt.state).toBe('Prune-Pending-Tmp');
    expect(isPruned(m.rpt.state)).toBe(false);
  },
  'Prune-Pending × Receive Join(S,G,rpt)': () => {
    const m = rptPrunePending();
    m.rpt.handle('Receive Join(S,G,rpt)');
    expect(m.rpt.state).toBe('NoInfo');
    expect(m.rpt.timers()).toEqual({});
  },
  'Prune-Pending × Prune-Pending Timer expires': () => {
    const m = rptPrunePending();
    m.clock.advance(PENDING);
    expect(m.rpt.state).toBe('Prune');
    expect(m.rpt.timers()).toEqual({ 'Expiry Timer': HOLDTIME - PENDING });
    // No PruneEcho(S,G,rpt).
    expect(m.echoes).toEqual([]);
  },
  'Prune-Pending × Expiry Timer expires': () => {
    const m = machines(HOLDTIME * 2);
    m.rpt.handle('Receive Prune(S,G,rpt)', HOLDTIME);
    m.clock.advance(HOLDTIME);
    expect(m.rpt.state).toBe('NoInfo');
    expect(m.rpt.timers()).toEqual({});
  },
  'PruneTmp × Receive Prune(S,G,rpt)': () => {
    const m = rptPruned();
    m.clock.advance(1_000);
    m.rpt.handle('Receive Join(*,G)');
    m.rpt.handle('Receive Prune(S,G,rpt)', HOLDTIME);
    expect(m.rpt.state).toBe('Prune');
    expect(m.rpt.timers()).toEqual({ 'Expiry Timer': HOLDTIME });
  },
  'PruneTmp × End of Message': () => {
    const m = rptPruned();
    m.rpt.handle('Receive Join(*,G)');
    m.rpt.handle('End of Message');
    expect(m.rpt.state).toBe('NoInfo');
    expect(m.rpt.timers()).toEqual({});
  },
  'Prune-Pending-Tmp × Receive Prune(S,G,rpt)': () => {
    const m = rptPrunePending();
    m.rpt.handle('Receive Join(*,G)');
    m.rpt.handle('Receive Prune(S,G,rpt)', HOLDTIME);
    expect(m.rpt.state).toBe('Prune-Pending');
    m.clock.advance(PENDING);
    expect(m.rpt.state).toBe('Prune');
  },
  'Prune-Pending-Tmp × End of Message': () => {
    const m = rptPrunePending();
    m.rpt.handle('Receive Join(*,G)');
    m.rpt.handle('End of Message');
    expect(m.rpt.state).toBe('NoInfo');
    expect(m.rpt.timers()).toEqual({});
  },
};

describe.each([
  {
    name: '(*,G) and (S,G) downstream (RFC 7761 §4.5.2, §4.5.3)',
    table: DOWNSTREAM_TRANSITIONS,
    scenarios: joinScenarios,
  },
  {
    name: '(S,G,rpt) downstream (RFC 7761 §4.5.4)',
    table: RPT_DOWNSTREAM_TRANSITIONS,
    scenarios: rptScenarios,
  },
])('$name', ({ table, scenarios }) => {
  it('has a scenario for each cell of the table', () => {
    expect(Object.keys(scenarios).sort()).toEqual(tableCells(table).sort());
  });

  it.each(Object.entries(scenarios))('%s', (_, scenario) => scenario());
});

describe('downstream machines', () => {
  it('prune at once when the pruning router is alone on the link (Prune-Pending Timer 0)', () => {
    const m = machines(0);
    m.join.handle('Receive Join(X)', HOLDTIME);
    m.join.handle('Receive Prune(X)');
    m.rpt.handle('Receive Prune(S,G,rpt)', HOLDTIME);
    m.clock.advance(0);
    expect(m.join.state).toBe('NoInfo');
    expect(m.rpt.state).toBe('Prune');
  });

  it('ignore what their state has no cell for, without calling `changed`', () => {
    const m = machines();
    m.join.handle('Receive Prune(X)');
    m.rpt.handle('Receive Join(*,G)');
    m.rpt.handle('End of Message');
    expect([m.join.state, m.rpt.state, m.changes()]).toEqual(['NoInfo', 'NoInfo', 0]);
  });
});
