import type { TimerProfile } from '../../../common/node-config.js';

/**
 * PIM sparse mode timers (RFC 7761 §4.11); the Hello and LAN Prune Delay values are the common ones
 * (`pimTimers`). Durations are in milliseconds unless the name says Seconds: those go on the wire.
 *
 * | value                                              | rfc    | fast   |
 * | -------------------------------------------------- | ------ | ------ |
 * | t_periodic (between periodic Join/Prunes)           | 60 s   | 3 s    |
 * | J/P_HoldTime (3.5 × t_periodic, on the wire)        | 210 s  | 11 s ¹ |
 * | t_suppressed (× t_periodic, random in)              | 1.1–1.4 | 1.1–1.4 |
 * | Keepalive_Period                                   | 210 s  | 20 s ² |
 * | Register_Suppression_Time                          | 60 s   | 10 s   |
 * | Register_Probe_Time                                | 5 s    | 2 s    |
 * | RP_Keepalive_Period (3 × Suppression + Probe)      | 185 s  | 32 s   |
 *
 * t_override is a random time below the link's Effective_Override_Interval (`pimTimers`: 2.5 s rfc,
 * 500 ms fast), and Join/Prune Prune-Pending Timers run for its J/P_Override_Interval.
 *
 * ¹ 10.5 s rounded up to the whole seconds a Join/Prune carries: three periodic Joins can be lost
 *   before the state upstream expires, as with the RFC's values.
 * ² Long enough to outlast a few t_periodic and data poll intervals of silence, short enough that a
 *   lab sees (S,G) state and idle forwarding entries go away within half a minute of a source
 *   stopping. Register_Suppression_Time of 10 s lets a lab see a Null-Register every 3–13 s
 *   (0.5–1.5 × 10 s less the 2 s probe) instead of every 25–85 s.
 */
export interface SparseTimers {
  /** t_periodic: the Join Timer's period. */
  joinPrunePeriod: number;
  /** J/P_HoldTime: the Holdtime of our Join/Prunes, how long upstream routers keep our state. */
  joinPruneHoldtimeSeconds: number;
  /** Keepalive_Period: how long (S,G) state lives without data (§4.11). */
  keepalivePeriod: number;
  /** Register_Suppression_Time: the mean Register-Stop Timer after a Register-Stop (§4.4.1). */
  registerSuppressionTime: number;
  /** Register_Probe_Time: how long before the suppression ends a Null-Register probes the RP. */
  registerProbeTime: number;
  /** RP_Keepalive_Period: the RP's Keepalive Timer after it sent a Register-Stop (§4.4.2). */
  rpKeepalivePeriod: number;
}

function profile(joinPrunePeriod: number, keepalivePeriod: number, suppression: number, probe: number) {
  return {
    joinPrunePeriod,
    joinPruneHoldtimeSeconds: Math.ceil((3.5 * joinPrunePeriod) / 1000),
    keepalivePeriod,
    registerSuppressionTime: suppression,
    registerProbeTime: probe,
    rpKeepalivePeriod: 3 * suppression + probe,
  };
}

const PROFILES: Record<TimerProfile, SparseTimers> = {
  rfc: profile(60_000, 210_000, 60_000, 5_000),
  fast: profile(3_000, 20_000, 10_000, 2_000),
};

export function sparseTimers(profileName: TimerProfile): SparseTimers {
  return { ...PROFILES[profileName] };
}

/** t_suppressed (§4.5.6): random in [1.1, 1.4) × t_periodic, drawn anew each time. */
export function joinSuppressionTime(timers: SparseTimers, random: () => number): number {
  return timers.joinPrunePeriod * (1.1 + 0.3 * random());
}

/** The Register-Stop Timer after a Register-Stop: rand(0.5, 1.5) × Register_Suppression_Time − probe. */
export function registerStopTime(timers: SparseTimers, random: () => number): number {
  return timers.registerSuppressionTime * (0.5 + random()) - timers.registerProbeTime;
}
