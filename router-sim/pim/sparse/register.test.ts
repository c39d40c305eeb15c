import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { tableCells } from '../testing/table-cells.js';
import { REGISTER_TRANSITIONS, RegisterMachine } from './register.js';

const PROBE = 2_000;
const SUPPRESSION = 8_000;

function register() {
  const clock = new VirtualClock();
  const nulls: number[] = [];
  let changes = 0;
  const machine = new RegisterMachine({
    clock,
    probeTime: PROBE,
    suppressionTime: () => SUPPRESSION,
    sendNullRegister: () => nulls.push(clock.now()),
    changed: () => changes++,
  });
  return { clock, nulls, machine, changes: () => changes };
}

function joined() {
  const r = register();
  r.machine.couldRegister(true);
  return r;
}

function prune() {
  const r = joined();
  r.machine.handle('Receive Register-Stop');
  return r;
}

function joinPending() {
  const r = prune();
  r.clock.advance(SUPPRESSION);
  return r;
}

const scenarios: Record<string, () => void> = {
  'NoInfo × CouldRegister -> TRUE': () => {
    const r = register();
    r.machine.couldRegister(true);
    expect([r.machine.state, r.changes()]).toEqual(['Join', 1]);
  },
  'Join × CouldRegister -> FALSE': () => {
    const r = joined();
    r.machine.couldRegister(false);
    expect(r.machine.state).toBe('NoInfo');
  },
  'Join × Receive Register-Stop': () => {
    const r = joined();
    r.machine.handle('Receive Register-Stop');
    expect([r.machine.state, r.machine.timers()]).toEqual(['Prune', { 'Register-Stop Timer': SUPPRESSION }]);
  },
  'Join-Pending × CouldRegister -> FALSE': () => {
    const r = joinPending();
    r.machine.couldRegister(false);
    expect([r.machine.state, r.machine.timers()]).toEqual(['NoInfo', {}]);
  },
  'Join-Pending × Register-Stop Timer expires': () => {
    const r = joinPending();
    r.clock.advance(PROBE);
    expect([r.machine.state, r.machine.timers()]).toEqual(['Join', {}]);
  },
  'Join-Pending × Receive Register-Stop': () => {
    const r = joinPending();
    r.machine.handle('Receive Register-Stop');
    expect([r.machine.state, r.machine.timers()]).toEqual(['Prune', { 'Register-Stop Timer': SUPPRESSION }]);
  },
  'Prune × CouldRegister -> FALSE': () => {
    const r = prune();
    r.machine.couldRegister(false);
    expect([r.machine.state, r.machine.timers()]).toEqual(['NoInfo', {}]);
  },
  'Prune × Register-Stop Timer expires': () => {
    const r = prune();
    r.clock.advance(SUPPRESSION);
    expect([r.machine.state, r.nulls, r.machine.timers()]).toEqual([
      'Join-Pending',
      [SUPPRESSION],
      { 'Register-Stop Timer': PROBE },
    ]);
  },
};

describe('Register state machine of the DR (RFC 7761 §4.4.1)', () => {
  it('has a scenario for each cell of the table', () => {
    expect(Object.keys(scenarios).sort()).toEqual(tableCells(REGISTER_TRANSITIONS).sort());
  });

  it.each(Object.entries(scenarios))('%s', (_, scenario) => scenario());

  it('probes once per suppression period while the RP keeps answering', () => {
    const r = prune();
    for (let i = 0; i < 3; i++) {
      r.clock.advance(SUPPRESSION);
      r.machine.handle('Receive Register-Stop');
    }
    expect(r.nulls).toEqual([SUPPRESSION, 2 * SUPPRESSION, 3 * SUPPRESSION]);
    expect(r.machine.state).toBe('Prune');
  });

  it('ignores a Register-Stop without Register state', () => {
    const r = register();
    r.machine.handle('Receive Register-Stop');
    expect([r.machine.state, r.changes()]).toEqual(['NoInfo', 0]);
  });
});
