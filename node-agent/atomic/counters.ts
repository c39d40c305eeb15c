/** Event counters of one atomic group member; they only grow. */
export interface AtomicCounters {
  /** Own messages multicast (first copies). */
  sent: number;
  /** Others' messages received for the first time (including copies fetched in flushes and catch-ups). */
  received: number;
  delivered: number;
  /** Of those, delivered while catching up on history (after a restart or an exclusion). */
  caughtUp: number;
  /** History no member could supply while catching up, skipped. */
  lost: number;
  duplicates: number;
  malformed: number;
  /** Fetches sent (gaps, flush cuts, catch-up). */
  fetches: number;
  /** Copies sent in answer to fetches. */
  retransmissions: number;
  /** Sends refused for the moment (joining, flush, no quorum, window). */
  blocked: number;
  /** View-change attempts this member proposed (as acting coordinator). */
  viewChangeAttempts: number;
  /** Attempts this member took part in (stopped sending and reported). */
  flushes: number;
  /** Views installed. */
  views: number;
}

export function zeroAtomicCounters(): AtomicCounters {
  return {
    sent: 0,
    received: 0,
    delivered: 0,
    caughtUp: 0,
    lost: 0,
    duplicates: 0,
    malformed: 0,
    fetches: 0,
    retransmissions: 0,
    blocked: 0,
    viewChangeAttempts: 0,
    flushes: 0,
    views: 0,
  };
}
