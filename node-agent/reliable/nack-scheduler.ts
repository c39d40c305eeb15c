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
  /** The highest sequence number the last NACK asked for. */
  asked: number;
}

/**
 * When to NACK each stream's gaps (SRM-style). A gap waits a random backoff first, so that of the
 * receivers missing the same message usually one asks; a receiver that overhears another's NACK (or
 * the repair) for its gap holds its own back. Unanswered NACKs are repeated with growing intervals; a
 * new gap beyond what the last NACK asked for is NACKed after a backoff again, not at the next repeat
 * (a stream under steady loss always has some gap: its new ones would otherwise wait ever longer).
 */
export class NackScheduler {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly timing: NackTiming,
    /**
     * Sends the NACK for a stream's current gaps; returns the highest sequence number it asked for, or
     * undefined when there are no gaps left.
     */
    private readonly send: (stream: string) => number | undefined,
  ) {}

  /** A stream has gaps, the newest ending at `newest`: NACK them after a backoff unless one is on its way. */
  gap(stream: string, newest: number): void {
    const p = this.pending.get(stream);
    if (!p) this.schedule(stream, this.backoff(), 0, false, false, -1);
    else if (p.sent && newest > p.asked) {
      p.timer.cancel();
      this.schedule(stream, this.backoff(), 0, false, false, p.asked);
    }
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
    // Held back once per round: a busy group's NACKs and repairs for other gaps of the stream would
    // otherwise hold it back for good.
    if (!p || p.suppressed) return false;
    p.timer.cancel();
    const counts = !p.sent;
    this.schedule(stream, this.timing.nackRetryMs + this.backoff(), p.attempt, p.sent, true, p.asked);
    return counts;
  }

  get scheduled(): number {
    return this.pending.size;
  }

  stop(): void {
    for (const p of this.pending.values()) p.timer.cancel();
    this.pending.clear();
  }

  private schedule(
    stream: string,
    delay: number,
    attempt: number,
    sent: boolean,
    suppressed: boolean,
    asked: number,
  ): void {
    const timer = this.clock.setTimer(delay, () => {
      const upTo = this.send(stream);
      if (upTo === undefined) {
        this.pending.delete(stream);
        return;
      }
      // Repeat with growing intervals (up to 8×) in case the NACK or its repair was lost.
      const retry = this.timing.nackRetryMs * 2 ** Math.min(attempt, 3) + this.backoff();
      this.schedule(stream, retry, attempt + 1, true, false, upTo);
    });
    this.pending.set(stream, { timer, sent, suppressed, attempt, asked });
  }

  private backoff(): number {
    const { nackMinMs, nackMaxMs } = this.timing;
    return nackMinMs + this.random.next() * (nackMaxMs - nackMinMs);
  }
}
