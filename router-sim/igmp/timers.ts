import type { TimerProfile } from '../../common/node-config.js';

/**
 * IGMP router timers and counters (RFC 3376 §8; RFC 2236 §8 has the same defaults). Durations are
 * in milliseconds; the derived ones follow §8 from the Robustness Variable and three base intervals.
 *
 * Profiles, with the default Robustness Variable 2:
 *
 * | value                          | rfc        | fast      |
 * | ------------------------------ | ---------- | --------- |
 * | Query Interval                 | 125 s      | 5 s       |
 * | Query Response Interval        | 10 s       | 1 s       |
 * | Group Membership Interval      | 260 s      | 11 s      |
 * | Other Querier Present Interval | 255 s      | 10.5 s    |
 * | Startup Query Interval / Count | 31.25 s, 2 | 1.25 s, 2 |
 * | Last Member Query Interval     | 1 s        | 200 ms    |
 * | Last Member Query Count        | 2          | 2         |
 * | Last Member Query Time         | 2 s        | 400 ms    |
 * | Older Host Present Interval    | 260 s      | 11 s      |
 */
export interface IgmpTimers {
  /** §8.1: the protocol rides out Robustness Variable − 1 lost packets. */
  robustnessVariable: number;
  /** §8.2: between General Queries from the querier. */
  queryInterval: number;
  /** §8.3: the Max Response Time of General Queries. */
  queryResponseInterval: number;
  /** §8.4: Robustness Variable × Query Interval + Query Response Interval. */
  groupMembershipInterval: number;
  /** §8.5: Robustness Variable × Query Interval + Query Response Interval / 2. */
  otherQuerierPresentInterval: number;
  /** §8.6: Query Interval / 4. */
  startupQueryInterval: number;
  /** §8.7: Robustness Variable. */
  startupQueryCount: number;
  /** §8.8: the Max Response Time of group(-and-source)-specific queries, and their spacing. */
  lastMemberQueryInterval: number;
  /** §8.9: Robustness Variable. */
  lastMemberQueryCount: number;
  /** §8.10: Last Member Query Interval × Last Member Query Count. */
  lastMemberQueryTime: number;
  /** §8.13: Robustness Variable × Query Interval + Query Response Interval. */
  olderHostPresentInterval: number;
}

type BaseIntervals = Pick<IgmpTimers, 'queryInterval' | 'queryResponseInterval' | 'lastMemberQueryInterval'>;

const PROFILES: Record<TimerProfile, BaseIntervals> = {
  rfc: { queryInterval: 125_000, queryResponseInterval: 10_000, lastMemberQueryInterval: 1_000 },
  fast: { queryInterval: 5_000, queryResponseInterval: 1_000, lastMemberQueryInterval: 200 },
};

/** The largest Query Interval a QQIC field can carry (RFC 3376 §4.1.7), in seconds. */
const MAX_QQI_SECONDS = 31_744;

export function igmpTimers(profile: TimerProfile, robustness = 2): IgmpTimers {
  // §8.1: the Robustness Variable MUST NOT be zero.
  if (!Number.isInteger(robustness) || robustness < 1) {
    throw new RangeError(`robustness must be a positive integer, not ${robustness}`);
  }
  return derive(PROFILES[profile], robustness);
}

/**
 * The values a non-querier takes from the querier's IGMPv3 queries: its QRV as Robustness Variable
 * (§4.1.6) and its QQI as Query Interval (§4.1.7). Zero, absent or unrepresentable values keep the
 * router's own.
 */
export function withQuerierValues(
  own: IgmpTimers,
  qrv: number | undefined,
  qqiSeconds: number | undefined,
): IgmpTimers {
  const robustness =
    qrv !== undefined && Number.isInteger(qrv) && qrv >= 1 && qrv <= 7 ? qrv : own.robustnessVariable;
  const qqiValid = qqiSeconds !== undefined && qqiSeconds > 0 && qqiSeconds <= MAX_QQI_SECONDS;
  return derive({ ...own, queryInterval: qqiValid ? qqiSeconds * 1000 : own.queryInterval }, robustness);
}

function derive(base: BaseIntervals, robustness: number): IgmpTimers {
  const { queryInterval, queryResponseInterval, lastMemberQueryInterval } = base;
  return {
    robustnessVariable: robustness,
    queryInterval,
    queryResponseInterval,
    groupMembershipInterval: robustness * queryInterval + queryResponseInterval,
    otherQuerierPresentInterval: robustness * queryInterval + queryResponseInterval / 2,
    startupQueryInterval: queryInterval / 4,
    startupQueryCount: robustness,
    lastMemberQueryInterval,
    lastMemberQueryCount: robustness,
    lastMemberQueryTime: lastMemberQueryInterval * robustness,
    olderHostPresentInterval: robustness * queryInterval + queryResponseInterval,
  };
}
