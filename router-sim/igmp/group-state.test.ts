import { describe, expect, it } from 'vitest';
import type { GroupRecordType } from '../wire/igmp/message.js';
import { applyRecord, expire, type GroupState, isEmpty, newGroupState, nextDeadline } from './group-state.js';
import { MAX_SOURCES_PER_GROUP } from './limits.js';

const NOW = 1_000;
const GMI = 11_000;
const GROUP_TIMER = NOW + 4_000;
const OLD = NOW + 7_000;
const timing = { now: NOW, groupMembershipInterval: GMI };

/** INCLUDE (A) with every source's timer at OLD. */
function include(...a: string[]): GroupState {
  return { filterMode: 'INCLUDE', groupTimer: 0, sourceTimers: new Map(a.map((s) => [s, OLD])) };
}

/** EXCLUDE (X, Y): X running until OLD, Y at zero, Group Timer at GROUP_TIMER. */
function exclude(x: string[], y: string[]): GroupState {
  const sourceTimers = new Map([
    ...x.map((s): [string, number] => [s, OLD]),
    ...y.map((s): [string, number] => [s, 0]),
  ]);
  return { filterMode: 'EXCLUDE', groupTimer: GROUP_TIMER, sourceTimers };
}

const timers = (state: GroupState) => Object.fromEntries([...state.sourceTimers].sort());

const apply = (state: GroupState, type: GroupRecordType, sources: string[]) =>
  applyRecord(state, type, sources, timing);

describe('§6.4.1 and §6.4.2 in INCLUDE (A), A = {a, b}, B = {b, c}', () => {
  it.each(['MODE_IS_INCLUDE', 'ALLOW_NEW_SOURCES'] as const)('%s (B) → INCLUDE (A+B); (B)=GMI', (type) => {
    const state = include('a', 'b');
    expect(apply(state, type, ['b', 'c'])).toEqual([]);
    expect(state.filterMode).toBe('INCLUDE');
    expect(timers(state)).toEqual({ a: OLD, b: NOW + GMI, c: NOW + GMI });
  });

  it('IS_EX (B) → EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); Group Timer=GMI', () => {
    const state = include('a', 'b');
    expect(apply(state, 'MODE_IS_EXCLUDE', ['b', 'c'])).toEqual([]);
    expect(state).toMatchObject({ filterMode: 'EXCLUDE', groupTimer: NOW + GMI });
    expect(timers(state)).toEqual({ b: OLD, c: 0 });
  });

  it('BLOCK (B) → INCLUDE (A); Send Q(G,A*B)', () => {
    const state = include('a', 'b');
    expect(apply(state, 'BLOCK_OLD_SOURCES', ['b', 'c'])).toEqual([{ query: 'Q(G,S)', sources: ['b'] }]);
    expect(timers(state)).toEqual({ a: OLD, b: OLD });
  });

  it('TO_EX (B) → EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); Send Q(G,A*B); Group Timer=GMI', () => {
    const state = include('a', 'b');
    expect(apply(state, 'CHANGE_TO_EXCLUDE_MODE', ['b', 'c'])).toEqual([{ query: 'Q(G,S)', sources: ['b'] }]);
    expect(state).toMatchObject({ filterMode: 'EXCLUDE', groupTimer: NOW + GMI });
    expect(timers(state)).toEqual({ b: OLD, c: 0 });
  });

  it('TO_IN (B) → INCLUDE (A+B); (B)=GMI; Send Q(G,A-B)', () => {
    const state = include('a', 'b');
    expect(apply(state, 'CHANGE_TO_INCLUDE_MODE', ['b', 'c'])).toEqual([{ query: 'Q(G,S)', sources: ['a'] }]);
    expect(state.filterMode).toBe('INCLUDE');
    expect(timers(state)).toEqual({ a: OLD, b: NOW + GMI, c: NOW + GMI });
  });

  it('sends no query for an empty source set', () => {
    expect(apply(include('a'), 'BLOCK_OLD_SOURCES', ['z'])).toEqual([]);
    expect(apply(include('a'), 'CHANGE_TO_INCLUDE_MODE', ['a'])).toEqual([]);
  });
});

describe('§6.4.1 and §6.4.2 in EXCLUDE (X, Y), X = {x1, x2}, Y = {y1, y2}, A = {x2, y2, n}', () => {
  const A = ['x2', 'y2', 'n'];
  const state = () => exclude(['x1', 'x2'], ['y1', 'y2']);

  it.each(['MODE_IS_INCLUDE', 'ALLOW_NEW_SOURCES'] as const)(
    '%s (A) → EXCLUDE (X+A, Y-A); (A)=GMI',
    (type) => {
      const s = state();
      expect(apply(s, type, A)).toEqual([]);
      expect(s).toMatchObject({ filterMode: 'EXCLUDE', groupTimer: GROUP_TIMER });
      expect(timers(s)).toEqual({ x1: OLD, x2: NOW + GMI, y1: 0, y2: NOW + GMI, n: NOW + GMI });
    },
  );

  it('IS_EX (A) → EXCLUDE (A-Y, Y*A); (A-X-Y)=GMI; Delete (X-A); Delete (Y-A); Group Timer=GMI', () => {
    const s = state();
    expect(apply(s, 'MODE_IS_EXCLUDE', A)).toEqual([]);
    expect(s).toMatchObject({ filterMode: 'EXCLUDE', groupTimer: NOW + GMI });
    expect(timers(s)).toEqual({ x2: OLD, y2: 0, n: NOW + GMI });
  });

  it('BLOCK (A) → EXCLUDE (X+(A-Y), Y); (A-X-Y)=Group Timer; Send Q(G,A-Y)', () => {
    const s = state();
    expect(apply(s, 'BLOCK_OLD_SOURCES', A)).toEqual([{ query: 'Q(G,S)', sources: ['x2', 'n'] }]);
    expect(s).toMatchObject({ filterMode: 'EXCLUDE', groupTimer: GROUP_TIMER });
    expect(timers(s)).toEqual({ x1: OLD, x2: OLD, y1: 0, y2: 0, n: GROUP_TIMER });
  });

  it('TO_EX (A) → EXCLUDE (A-Y, Y*A); (A-X-Y)=Group Timer; Delete (X-A); Delete (Y-A); Send Q(G,A-Y); Group Timer=GMI', () => {
    const s = state();
    expect(apply(s, 'CHANGE_TO_EXCLUDE_MODE', A)).toEqual([{ query: 'Q(G,S)', sources: ['x2', 'n'] }]);
    expect(s).toMatchObject({ filterMode: 'EXCLUDE', groupTimer: NOW + GMI });
    expect(timers(s)).toEqual({ x2: OLD, y2: 0, n: GROUP_TIMER });
  });

  it('TO_IN (A) → EXCLUDE (X+A, Y-A); (A)=GMI; Send Q(G,X-A); Send Q(G)', () => {
    const s = state();
    expect(apply(s, 'CHANGE_TO_INCLUDE_MODE', A)).toEqual([
      { query: 'Q(G,S)', sources: ['x1'] },
      { query: 'Q(G)' },
    ]);
    expect(s).toMatchObject({ filterMode: 'EXCLUDE', groupTimer: GROUP_TIMER });
    expect(timers(s)).toEqual({ x1: OLD, x2: NOW + GMI, y1: 0, y2: NOW + GMI, n: NOW + GMI });
  });

  it('TO_IN ({}) of the last EXCLUDE member sends Q(G) alone', () => {
    expect(apply(exclude([], []), 'CHANGE_TO_INCLUDE_MODE', [])).toEqual([{ query: 'Q(G)' }]);
  });
});

describe('timer expiry', () => {
  it('deletes INCLUDE sources whose timers ran out, then the group (§6.3)', () => {
    const state = include('a', 'b');
    state.sourceTimers.set('a', NOW);
    expect(nextDeadline(state)).toBe(NOW);
    expire(state, NOW);
    expect(timers(state)).toEqual({ b: OLD });
    expire(state, OLD);
    expect(isEmpty(state)).toBe(true);
  });

  it('keeps EXCLUDE sources whose timers ran out, as the exclude list', () => {
    const state = exclude(['x'], []);
    state.sourceTimers.set('x', NOW + 100);
    expire(state, NOW + 200);
    expect(timers(state)).toEqual({ x: NOW + 100 });
    expect(nextDeadline(state)).toBe(GROUP_TIMER);
    // Now in Y: a BLOCK of it asks nothing (A-Y is empty).
    expect(
      applyRecord(state, 'BLOCK_OLD_SOURCES', ['x'], { now: NOW + 200, groupMembershipInterval: GMI }),
    ).toEqual([]);
  });

  it('switches EXCLUDE to INCLUDE with the running sources when the Group Timer expires (§6.5)', () => {
    const state = exclude(['x'], ['y']);
    expire(state, GROUP_TIMER);
    expect(state).toMatchObject({ filterMode: 'INCLUDE' });
    expect(timers(state)).toEqual({ x: OLD });
    expect(isEmpty(state)).toBe(false);
  });

  it('leaves nothing when no source is running as the Group Timer expires', () => {
    const state = exclude([], ['y']);
    expire(state, GROUP_TIMER);
    expect(isEmpty(state)).toBe(true);
  });
});

describe('bounds', () => {
  it(`keeps at most ${MAX_SOURCES_PER_GROUP} sources per group, still updating known ones`, () => {
    const many = Array.from({ length: 300 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    const state = newGroupState();
    apply(state, 'ALLOW_NEW_SOURCES', many);
    expect(state.sourceTimers.size).toBe(MAX_SOURCES_PER_GROUP);
    applyRecord(state, 'ALLOW_NEW_SOURCES', ['10.0.0.0'], { now: NOW + 5, groupMembershipInterval: GMI });
    expect(state.sourceTimers.get('10.0.0.0')).toBe(NOW + 5 + GMI);
    expect(state.sourceTimers.size).toBe(MAX_SOURCES_PER_GROUP);
  });
});
