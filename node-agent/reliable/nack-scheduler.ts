import type { Clock, Timer } from '../../common/clock.js';
import type { Random } from '../../common/sim/random.js';

export interface NackTiming {
  nackMinMs: number;
  nackMaxMs: number;
  nackRetryMs: number;
}

interface Pending {
  timer: Timer;
  /** Whether this round's NACK went out (a suppressed round has not). */
  sent: boolean;
  suppressed: boolean;
  attempt: number;
}

/**
 * When to NACK each stream's gaps (SRM-style). A gap waits a random backoff first, so that of the
 * receivers missing the same message usually one asks; a receiver that overhears another's NACK (or
 * the repair) for its gap holds its own back. Unanswered NACKs are repeated with growing intervals.
 */
export class NackScheduler {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly timing: NackTiming,
    /** Sends the NACK for a stream's current gaps; false when there are none left. */
    private readonly send: (stream: string) => boolean,
  ) {}

  /** A stream has a gap: NACK it after a backoff unless one is already on its way. */
  gap(stream: string): void {
    if (!this.pending.has(stream)) this.schedule(stream, this.backoff(), 0, false);
  }

  /** The stream's gaps are filled. */
  filled(stream: string): void {
    this.pending.get(stream)?.timer.cancel();
    this.pending.delete(stream);
  }

  /**
   * Another member NACKed (or someone repaired) this stream's gap: wait for the repair before asking.
   * Returns true when this held back a NACK that was about to go out (counted once per round).
   */
  overheard(stream: string): boolean {
    const p = this.pending.get(stream);
    if (!p) return false;
    p.timer.cancel();
    const counts = !p.sent && !p.suppressed;
    this.schedule(stream, this.timing.nackRetryMs + this.backoff(), p.attempt, p.sent, true);
    return counts;
  }

  get scheduled(): number {
    return this.pending.size;
  }

  stop(): void {
    for (const p of this.pending.values()) p.timer.cancel();
    this.pending.clear();
  }

  private schedule(stream: string, delay: number, attempt: number, sent: boolean, suppressed = false): void {
    const timer = this.clock.setTimer(delay, () => {
      if (!this.send(stream)) {
        this.pending.delete(stream);
        return;
      }
      // Repeat with growing intervals (up to 8×) in case the NACK or its repair was lost.
      const retry = this.timing.nackRetryMs * 2 ** Math.min(attempt, 3) + this.backoff();
      this.schedule(stream, retry, attempt + 1, true);
    });
    this.pending.set(stream, { timer, sent, suppressed, attempt });
  }

  private backoff(): number {
    const { nackMinMs, nackMaxMs } = this.timing;
    return nackMinMs + this.random.next() * (nackMaxMs - nackMinMs);
  }
}
