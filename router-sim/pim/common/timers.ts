import type { TimerProfile } from '../../../common/node-config.js';

/**
 * PIM timers (RFC 3973 §4.8; RFC 7761 §4.11 has the same Hello values). Durations are in
 * milliseconds unless the name says Seconds: those go on the wire, which carries whole seconds.
 *
 * | value                                      | rfc    | fast   |
 * | ------------------------------------------ | ------ | ------ |
 * | Hello_Period                               | 30 s   | 1 s    |
 * | Triggered_Hello_Delay                      | 5 s    | 500 ms |
 * | Default_Hello_Holdtime (3.5 × Hello_Period) | 105 s  | 4 s ¹  |
 * | Propagation_Delay (LAN Prune Delay option) | 500 ms | 100 ms |
 * | Override_Interval (t_override ≤ it)        | 2.5 s  | 500 ms |
 * | J/P_Override_Interval (the two above)      | 3 s    | 600 ms |
 * | PruneHoldTime (Holdtime of our Prunes)     | 210 s  | 10 s   |
 * | t_limit (Prune Limit Timer)                | 210 s  | 10 s   |
 * | Graft_Retry_Period                         | 3 s    | 1 s    |
 * | Assert_Time                                | 180 s  | 9 s    |
 * | SourceLifetime                             | 210 s  | 30 s ² |
 * | RefreshInterval (State Refresh)            | 60 s   | off ³  |
 * | data poll (not an RFC value)               | 1 s    | 250 ms |
 *
 * ¹ 3.5 s rounded up to the whole seconds a Hello carries.
 * ² Longer than PruneHoldTime, so a pruned router keeps its (S,G) state across the reflood every
 *   PruneHoldTime brings, and a member joining behind it is grafted at once.
 * ³ State Refresh (§4.5) keeps prune state alive for as long as the source sends, so pruned branches
 *   would never see the reflood the fast profile is there to show.
 */
export interface PimTimers {
  /** Between periodic Hellos. */
  helloPeriod: number;
  /** The most a Hello waits at startup and after a new or restarted neighbor appears. */
  triggeredHelloDelay: number;
  /** The Holdtime option of our Hellos. */
  helloHoldtimeSeconds: number;
  /** Our LAN Prune Delay option (§4.3.5): the delay a LAN adds to a message. */
  propagationDelay: number;
  /** Our LAN Prune Delay option (§4.3.5): the most a router waits before overriding a Prune. */
  overrideInterval: number;
  /** The Holdtime of the Prunes we send: how long the upstream router keeps the branch pruned. */
  pruneHoldtimeSeconds: number;
  /** t_limit: at most one Prune per this period while data keeps arriving (PLT, §4.4.1). */
  pruneLimit: number;
  /** Between Grafts until a Graft Ack arrives (GRT, §4.4.1). */
  graftRetryPeriod: number;
  /** How long an Assert winner or loser keeps its state (AT, §4.6). */
  assertTime: number;
  /** How long (S,G) state lives without data from S (SAT, §4.5.1). */
  sourceLifetime: number;
  /** Between State Refresh messages at the first-hop router (SRT, §4.5); null: no State Refresh. */
  stateRefreshIntervalSeconds: number | null;
  /** How often the (S,G) packet counters are read to see data from S. */
  dataPollInterval: number;
}

const PROFILES: Record<TimerProfile, PimTimers> = {
  rfc: {
    helloPeriod: 30_000,
    triggeredHelloDelay: 5_000,
    helloHoldtimeSeconds: 105,
    propagationDelay: 500,
    overrideInterval: 2_500,
    pruneHoldtimeSeconds: 210,
    pruneLimit: 210_000,
    graftRetryPeriod: 3_000,
    assertTime: 180_000,
    sourceLifetime: 210_000,
    stateRefreshIntervalSeconds: 60,
    dataPollInterval: 1_000,
  },
  fast: {
    helloPeriod: 1_000,
    triggeredHelloDelay: 500,
    helloHoldtimeSeconds: 4,
    propagationDelay: 100,
    overrideInterval: 500,
    pruneHoldtimeSeconds: 10,
    pruneLimit: 10_000,
    graftRetryPeriod: 1_000,
    assertTime: 9_000,
    sourceLifetime: 30_000,
    stateRefreshIntervalSeconds: null,
    dataPollInterval: 250,
  },
};

export function pimTimers(profile: TimerProfile): PimTimers {
  return { ...PROFILES[profile] };
}
