import type { GroupRecordType } from '../wire/igmp/message.js';
import { MAX_SOURCES_PER_GROUP } from './limits.js';

export type FilterMode = 'INCLUDE' | 'EXCLUDE';

/**
 * Router state of one group (RFC 3376 §6.2.1). Timers are deadlines on the interface's clock: a timer
 * runs while its deadline is after now, and 0 is a timer at zero. In INCLUDE mode the source records
 * are the include list A, all running; in EXCLUDE mode the running ones are the requested list X and
 * the others the exclude list Y (§6.2.3).
 */
export interface GroupState {
  filterMode: FilterMode;
  /** The Group Timer, used in EXCLUDE mode only (§6.2.2). */
  groupTimer: number;
  /** Source Timer per source record (§6.2.3). */
  sourceTimers: Map<string, number>;
}

/** A query the §6.4.2 table asks for: Q(G) (`sources` absent) or Q(G,S). */
export type QueryAction = { query: 'Q(G)' } | { query: 'Q(G,S)'; sources: string[] };

export interface RecordTiming {
  now: number;
  groupMembershipInterval: number;
}

export function newGroupState(): GroupState {
  return { filterMode: 'INCLUDE', groupTimer: 0, sourceTimers: new Map() };
}

/** A record of the given type from a host, per the §6.4.1 and §6.4.2 tables; returns the queries to send. */
export function applyRecord(
  state: GroupState,
  type: GroupRecordType,
  sources: readonly string[],
  timing: RecordTiming,
): QueryAction[] {
  return TABLE[state.filterMode][type](state, new Set(sources), timing);
}

/**
 * Timers that have run out by `now`: INCLUDE sources are deleted (§6.3); an EXCLUDE group whose Group
 * Timer expired switches to INCLUDE with the sources still running (§6.5). EXCLUDE sources that run
 * out simply join Y, which needs no bookkeeping here.
 */
export function expire(state: GroupState, now: number): void {
  if (state.filterMode === 'EXCLUDE') {
    if (state.groupTimer > now) return;
    state.filterMode = 'INCLUDE';
    state.groupTimer = 0;
  }
  for (const [source, timer] of state.sourceTimers) if (timer <= now) state.sourceTimers.delete(source);
}

/**
 * A record with no reason to exist: INCLUDE mode with no sources (§6.3 deletes it). Every other
 * record has members in the ASM sense: EXCLUDE wants all sources but Y, INCLUDE some of them.
 */
export function isEmpty(state: GroupState): boolean {
  return state.filterMode === 'INCLUDE' && state.sourceTimers.size === 0;
}

/** When a timer of `state` next changes it: the Group Timer in EXCLUDE mode, the first source in INCLUDE. */
export function nextDeadline(state: GroupState): number {
  if (state.filterMode === 'EXCLUDE') return state.groupTimer;
  return Math.min(...state.sourceTimers.values());
}

/** §6.6.1 for Q(G): the Group Timer lowered to `deadline` (it matters in EXCLUDE mode only). */
export function lowerGroupTimer(state: GroupState, deadline: number): void {
  if (state.filterMode === 'EXCLUDE' && state.groupTimer > deadline) state.groupTimer = deadline;
}

/** §6.6.1 for Q(G,A): the Source Timers of A lowered to `deadline`. */
export function lowerSourceTimers(state: GroupState, sources: Iterable<string>, deadline: number): void {
  for (const source of sources) {
    const timer = state.sourceTimers.get(source);
    if (timer !== undefined && timer > deadline) state.sourceTimers.set(source, deadline);
  }
}

type Row = (state: GroupState, sources: ReadonlySet<string>, timing: RecordTiming) => QueryAction[];

/** Router state × record type → new state, actions (§6.4.1 for IS_IN/IS_EX, §6.4.2 for the rest). */
const TABLE: Record<FilterMode, Record<GroupRecordType, Row>> = {
  INCLUDE: {
    // INCLUDE (A) + IS_IN (B) → INCLUDE (A+B); (B)=GMI
    MODE_IS_INCLUDE: (state, b, { now, groupMembershipInterval }) => {
      setSourceTimers(state, b, now + groupMembershipInterval);
      return [];
    },
    // INCLUDE (A) + IS_EX (B) → EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); Group Timer=GMI
    MODE_IS_EXCLUDE: (state, b, timing) => {
      includeToExclude(state, b, timing);
      return [];
    },
    // INCLUDE (A) + ALLOW (B) → INCLUDE (A+B); (B)=GMI
    ALLOW_NEW_SOURCES: (state, b, { now, groupMembershipInterval }) => {
      setSourceTimers(state, b, now + groupMembershipInterval);
      return [];
    },
    // INCLUDE (A) + BLOCK (B) → INCLUDE (A); Send Q(G,A*B)
    BLOCK_OLD_SOURCES: (state, b) => sourceQuery(intersection(state, b)),
    // INCLUDE (A) + TO_EX (B) → EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); Send Q(G,A*B); Group Timer=GMI
    CHANGE_TO_EXCLUDE_MODE: (state, b, timing) => {
      const query = intersection(state, b);
      includeToExclude(state, b, timing);
      return sourceQuery(query);
    },
    // INCLUDE (A) + TO_IN (B) → INCLUDE (A+B); (B)=GMI; Send Q(G,A-B)
    CHANGE_TO_INCLUDE_MODE: (state, b, { now, groupMembershipInterval }) => {
      const query = [...state.sourceTimers.keys()].filter((a) => !b.has(a));
      setSourceTimers(state, b, now + groupMembershipInterval);
      return sourceQuery(query);
    },
  },
  EXCLUDE: {
    // EXCLUDE (X,Y) + IS_IN (A) → EXCLUDE (X+A, Y-A); (A)=GMI
    MODE_IS_INCLUDE: (state, a, { now, groupMembershipInterval }) => {
      setSourceTimers(state, a, now + groupMembershipInterval);
      return [];
    },
    // EXCLUDE (X,Y) + IS_EX (A) → EXCLUDE (A-Y, Y*A); (A-X-Y)=GMI; Delete (X-A); Delete (Y-A); Group Timer=GMI
    MODE_IS_EXCLUDE: (state, a, { now, groupMembershipInterval }) => {
      const fresh = unknown(state, a);
      deleteAllBut(state, a);
      setSourceTimers(state, fresh, now + groupMembershipInterval);
      state.groupTimer = now + groupMembershipInterval;
      return [];
    },
    // EXCLUDE (X,Y) + ALLOW (A) → EXCLUDE (X+A, Y-A); (A)=GMI
    ALLOW_NEW_SOURCES: (state, a, { now, groupMembershipInterval }) => {
      setSourceTimers(state, a, now + groupMembershipInterval);
      return [];
    },
    // EXCLUDE (X,Y) + BLOCK (A) → EXCLUDE (X+(A-Y), Y); (A-X-Y)=Group Timer; Send Q(G,A-Y)
    BLOCK_OLD_SOURCES: (state, a, { now }) => {
      const query = notExcluded(state, a, now);
      setSourceTimers(state, unknown(state, a), state.groupTimer);
      return sourceQuery(query);
    },
    // EXCLUDE (X,Y) + TO_EX (A) → EXCLUDE (A-Y, Y*A); (A-X-Y)=Group Timer; Delete (X-A); Delete (Y-A);
    // Send Q(G,A-Y); Group Timer=GMI
    CHANGE_TO_EXCLUDE_MODE: (state, a, { now, groupMembershipInterval }) => {
      const query = notExcluded(state, a, now);
      const fresh = unknown(state, a);
      deleteAllBut(state, a);
      setSourceTimers(state, fresh, state.groupTimer);
      state.groupTimer = now + groupMembershipInterval;
      return sourceQuery(query);
    },
    // EXCLUDE (X,Y) + TO_IN (A) → EXCLUDE (X+A, Y-A); (A)=GMI; Send Q(G,X-A); Send Q(G)
    CHANGE_TO_INCLUDE_MODE: (state, a, { now, groupMembershipInterval }) => {
      const query = [...state.sourceTimers].filter(([x, timer]) => timer > now && !a.has(x)).map(([x]) => x);
      setSourceTimers(state, a, now + groupMembershipInterval);
      return [...sourceQuery(query), { query: 'Q(G)' }];
    },
  },
};

/** INCLUDE (A) → EXCLUDE (A*B, B-A) with (B-A)=0, Delete (A-B), Group Timer=GMI. */
function includeToExclude(state: GroupState, b: ReadonlySet<string>, timing: RecordTiming): void {
  const fresh = unknown(state, b);
  deleteAllBut(state, b);
  setSourceTimers(state, fresh, 0);
  state.filterMode = 'EXCLUDE';
  state.groupTimer = timing.now + timing.groupMembershipInterval;
}

/** Sets the timers of `sources`, adding records for new ones while the group has room. */
function setSourceTimers(state: GroupState, sources: Iterable<string>, deadline: number): void {
  for (const source of sources) {
    if (state.sourceTimers.has(source) || state.sourceTimers.size < MAX_SOURCES_PER_GROUP) {
      state.sourceTimers.set(source, deadline);
    }
  }
}

function deleteAllBut(state: GroupState, keep: ReadonlySet<string>): void {
  for (const source of state.sourceTimers.keys()) if (!keep.has(source)) state.sourceTimers.delete(source);
}

/** The sources of `set` that have no record (B-A, or A-X-Y). */
function unknown(state: GroupState, set: ReadonlySet<string>): string[] {
  return [...set].filter((source) => !state.sourceTimers.has(source));
}

/** The sources of `set` that have a record (A*B). */
function intersection(state: GroupState, set: ReadonlySet<string>): string[] {
  return [...set].filter((source) => state.sourceTimers.has(source));
}

/** The sources of `set` not in the exclude list Y (A-Y). */
function notExcluded(state: GroupState, set: ReadonlySet<string>, now: number): string[] {
  return [...set].filter((source) => (state.sourceTimers.get(source) ?? Number.POSITIVE_INFINITY) > now);
}

function sourceQuery(sources: string[]): QueryAction[] {
  return sources.length > 0 ? [{ query: 'Q(G,S)', sources }] : [];
}
