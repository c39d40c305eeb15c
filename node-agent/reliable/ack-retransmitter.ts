import type { Clock, Timer } from '../../common/clock.js';
import type { GroupCounters } from '../group-types/stats.js';
import type { GroupMessage, MemberId, StreamKind, StreamMessage } from '../wire/messages.js';
import { type DigestTable, streamId } from './digests.js';
import type { SendStream } from './send-stream.js';

export interface RetransmitHooks {
  /** Current members other than this one: whose acks are waited for. */
  others(): MemberId[];
  toAll(message: GroupMessage): void;
  toOne(to: MemberId, message: GroupMessage): void;
}

/**
 * ACK mode: while own messages are unacknowledged, every `rtoMs / 2` resends those sent more than `rtoMs`
 * ago to the members whose acks (digests) have not reached them — alone to one laggard, one multicast
 * to several.
 */
export class AckRetransmitter {
  private timer: Timer | undefined;

  constructor(
    private readonly self: MemberId,
    private readonly clock: Clock,
    private readonly rtoMs: number,
    private readonly own: ReadonlyMap<StreamKind, SendStream<StreamMessage>>,
    private readonly digests: DigestTable,
    private readonly hooks: RetransmitHooks,
    private readonly counters: GroupCounters,
  ) {}

  /** Starts the periodic resend if own messages are unacknowledged and it is not running. */
  arm(): void {
    if (this.timer || ![...this.own.values()].some((own) => own.unstable > 0)) return;
    this.timer = this.clock.setTimer(this.rtoMs / 2, () => {
      this.timer = undefined;
      this.resendOverdue();
      this.arm();
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private resendOverdue(): void {
    const now = this.clock.now();
    const others = this.hooks.others();
    for (const [kind, own] of this.own) {
      const id = streamId(kind, this.self);
      for (const { seq, message } of [...own.overdue(now - this.rtoMs)]) {
        const laggards = others.filter((m) => (this.digests.position(m, id, own.inc) ?? own.acked) <= seq);
        const [only] = laggards;
        if (only === undefined) continue;
        const copy = { ...message, retransmit: true, low: own.low };
        if (laggards.length === 1) this.hooks.toOne(only, copy);
        else this.hooks.toAll(copy);
        own.touch(seq, now);
        this.counters.retransmissions++;
      }
    }
  }
}
