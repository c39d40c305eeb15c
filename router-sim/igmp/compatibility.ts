import type { GroupRecordType } from '../wire/igmp/message.js';
import type { RouterVersion } from './queries.js';

/** Group Compatibility Mode (RFC 3376 §7.3.2): the oldest IGMP version of the group's members. */
export type CompatibilityMode = 1 | 2 | 3;

/** What a host can say about a group: an older report or leave, or an IGMPv3 group record. */
export type HostMessageKind = 'v1-report' | 'v2-report' | 'v2-leave' | GroupRecordType;

/** IGMPv1 Host Present and IGMPv2 Host Present timers of a group, as deadlines (0: not running). */
export interface OlderHostPresentTimers {
  v1HostPresent: number;
  v2HostPresent: number;
}

/** An older report sets its version's Host Present timer to Older Host Present Interval (§7.3.2). */
export function olderHostReportHeard(
  timers: OlderHostPresentTimers,
  kind: 'v1-report' | 'v2-report',
  deadline: number,
): void {
  if (kind === 'v1-report') timers.v1HostPresent = deadline;
  else timers.v2HostPresent = deadline;
}

/**
 * IGMPv1 while its timer runs, else IGMPv2 while that one runs, else IGMPv3. An IGMPv2 router
 * (RFC 2236) understands no more than an IGMPv2 host, so its groups are never above IGMPv2 mode.
 */
export function groupCompatibilityMode(
  timers: OlderHostPresentTimers,
  now: number,
  routerVersion: RouterVersion,
): CompatibilityMode {
  if (timers.v1HostPresent > now) return 1;
  if (timers.v2HostPresent > now || routerVersion === 2) return 2;
  return 3;
}

/** What a host message means in a mode: a record with or without its sources, or nothing. */
type Meaning = { type: GroupRecordType; keepSources: boolean } | 'ignored';

const asIs = (type: GroupRecordType): Meaning => ({ type, keepSources: true });
const withoutSources = (type: GroupRecordType): Meaning => ({ type, keepSources: false });

/**
 * Mode × host message → the IGMPv3 record the router processes (§7.3.2). In IGMPv3 mode a v1 report
 * cannot arrive (it puts the group in IGMPv1 mode first), and a Leave still means TO_IN({}) when
 * the v2 reports that would have set the IGMPv2 Host Present timer were lost.
 */
const MEANINGS: Record<CompatibilityMode, Record<HostMessageKind, Meaning>> = {
  3: {
    'v1-report': withoutSources('MODE_IS_EXCLUDE'),
    'v2-report': withoutSources('MODE_IS_EXCLUDE'),
    'v2-leave': withoutSources('CHANGE_TO_INCLUDE_MODE'),
    MODE_IS_INCLUDE: asIs('MODE_IS_INCLUDE'),
    MODE_IS_EXCLUDE: asIs('MODE_IS_EXCLUDE'),
    CHANGE_TO_INCLUDE_MODE: asIs('CHANGE_TO_INCLUDE_MODE'),
    CHANGE_TO_EXCLUDE_MODE: asIs('CHANGE_TO_EXCLUDE_MODE'),
    ALLOW_NEW_SOURCES: asIs('ALLOW_NEW_SOURCES'),
    BLOCK_OLD_SOURCES: asIs('BLOCK_OLD_SOURCES'),
  },
  // Report = IS_EX({}), Leave = TO_IN({}); BLOCK ignored, TO_EX() taken as TO_EX({}).
  2: {
    'v1-report': withoutSources('MODE_IS_EXCLUDE'),
    'v2-report': withoutSources('MODE_IS_EXCLUDE'),
    'v2-leave': withoutSources('CHANGE_TO_INCLUDE_MODE'),
    MODE_IS_INCLUDE: asIs('MODE_IS_INCLUDE'),
    MODE_IS_EXCLUDE: asIs('MODE_IS_EXCLUDE'),
    CHANGE_TO_INCLUDE_MODE: asIs('CHANGE_TO_INCLUDE_MODE'),
    CHANGE_TO_EXCLUDE_MODE: withoutSources('CHANGE_TO_EXCLUDE_MODE'),
    ALLOW_NEW_SOURCES: asIs('ALLOW_NEW_SOURCES'),
    BLOCK_OLD_SOURCES: 'ignored',
  },
  // As IGMPv2 mode, and Leave and TO_IN() ignored too: IGMPv1 members never announce leaving.
  1: {
    'v1-report': withoutSources('MODE_IS_EXCLUDE'),
    'v2-report': withoutSources('MODE_IS_EXCLUDE'),
    'v2-leave': 'ignored',
    MODE_IS_INCLUDE: asIs('MODE_IS_INCLUDE'),
    MODE_IS_EXCLUDE: asIs('MODE_IS_EXCLUDE'),
    CHANGE_TO_INCLUDE_MODE: 'ignored',
    CHANGE_TO_EXCLUDE_MODE: withoutSources('CHANGE_TO_EXCLUDE_MODE'),
    ALLOW_NEW_SOURCES: asIs('ALLOW_NEW_SOURCES'),
    BLOCK_OLD_SOURCES: 'ignored',
  },
};

/** The record a host message amounts to for a group in `mode`; undefined when the mode ignores it. */
export function asGroupRecord(
  kind: HostMessageKind,
  sources: readonly string[],
  mode: CompatibilityMode,
): { type: GroupRecordType; sources: readonly string[] } | undefined {
  const meaning = MEANINGS[mode][kind];
  if (meaning === 'ignored') return undefined;
  return { type: meaning.type, sources: meaning.keepSources ? sources : [] };
}
