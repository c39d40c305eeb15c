import type { Clock, Timer } from '../../common/clock.js';
import type { MemberId } from '../wire/messages.js';

/**
 * ACK mode, receiver side: an ack is owed to a sender after new data, sent after a short delay so one
 * ack covers several messages (acks are cumulative). Own data or a heartbeat carries the same digest,
 * so sending one pays every ack owed (piggybacking).
 */
export class DelayedAcks {
  private readonly owed = new Map<MemberId, Timer>();

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly send: (to: MemberId) => void,
  ) {}

  owe(to: MemberId): void {
    if (this.owed.has(to)) return;
    this.owed.set(
      to,
      this.clock.setTimer(this.delayMs, () => {
        this.owed.delete(to);
        this.send(to);
      }),
    );
  }

  /** A digest went to everyone: nothing is owed any more. */
  piggybacked(): void {
    this.stop();
  }

  get pending(): number {
    return this.owed.size;
  }

  stop(): void {
    for (const timer of this.owed.values()) timer.cancel();
    this.owed.clear();
  }
}
