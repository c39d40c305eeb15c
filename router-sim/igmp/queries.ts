import type { MembershipQuery } from '../wire/igmp/message.js';
import type { IgmpTimers } from './timers.js';

/** The IGMP version a router interface runs: the format of the queries it sends. */
export type RouterVersion = 2 | 3;

/** A query for a group: group-specific when `sources` is empty; `suppress` is the S flag (v3 only). */
export interface GroupQuery {
  sources: string[];
  suppress: boolean;
}

/** A General Query, answered within Query Response Interval. */
export function generalQuery(version: RouterVersion, timers: IgmpTimers): MembershipQuery {
  return build(version, '0.0.0.0', timers.queryResponseInterval, timers, { sources: [], suppress: false });
}

/** A group-specific or group-and-source-specific query, answered within Last Member Query Interval. */
export function groupQuery(
  version: RouterVersion,
  group: string,
  timers: IgmpTimers,
  query: GroupQuery,
): MembershipQuery {
  return build(version, group, timers.lastMemberQueryInterval, timers, query);
}

function build(
  version: RouterVersion,
  group: string,
  maxRespTimeMs: number,
  timers: IgmpTimers,
  { sources, suppress }: GroupQuery,
): MembershipQuery {
  if (version === 2) return { type: 'query', version, group, maxRespTimeMs };
  return {
    type: 'query',
    version,
    group,
    maxRespTimeMs,
    sFlag: suppress,
    // §4.1.6: a Robustness Variable above 7 does not fit QRV and is sent as 0.
    qrv: timers.robustnessVariable <= 7 ? timers.robustnessVariable : 0,
    qqicSeconds: Math.round(timers.queryInterval / 1000),
    sources,
  };
}
