import type { Clock, Timer } from '../../common/clock.js';
import type { StreamMessage } from '../wire/messages.js';
import type { Incoming } from './receive-stall.js';

/**
 * Best-effort streams recover nothing: a gap is waited for `holdMs` (it may be reordering), then given up
 * with everything held back behind it that long, passing on what each skip frees.
 */
export class GapSkipper {
  private readonly timers = new Map<string, Timer>();

  constructor(
    private readonly clock: Clock,
    private readonly holdMs: number,
    private readonly inOrder: (message: StreamMessage) => void,
  ) {}

  /** After a drain: starts the hold time of a stream with messages held back, unless one runs. */
  watch(id: string, entry: Incoming, drain: () => void): void {
    if (entry.stream.heldBack === 0 || this.timers.has(id)) return;
    this.timers.set(
      id,
      this.clock.setTimer(this.holdMs, () => {
        this.timers.delete(id);
        this.skipOverdue(entry);
        drain();
      }),
    );
  }

  /** The stream was replaced (a new incarnation): its hold time no longer applies. */
  forget(id: string): void {
    this.timers.get(id)?.cancel();
    this.timers.delete(id);
  }

  stop(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  /** Every gap held back behind for `holdMs`, at once: one per hold time would never catch up with steady loss. */
  private skipOverdue(entry: Incoming): void {
    const overdue = this.clock.now() - this.holdMs;
    for (
      let held = entry.stream.oldestHeld();
      held && held.since <= overdue;
      held = entry.stream.oldestHeld()
    ) {
      const skipped = entry.stream.skipGap();
      const ready = entry.stream.takeInOrder();
      for (const message of ready) this.inOrder(message);
      if (skipped === 0 && ready.length === 0) return;
    }
  }
}
