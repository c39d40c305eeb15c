import type { MemberId, MessageRef } from '../wire/messages.js';

/**
 * Total-sequencer: ORDERs as the reliable channel hands them over, per sequencer, on their way to the
 * orderer. A sequencer that is gone may have ORDERs that reach this member late (repaired by another
 * member after its successor took over): its successor's ORDERs wait until this member has every ORDER
 * of gone sequencers that any member has, so every member applies the predecessor's first.
 */
export class OrderHandoff {
  private readonly waiting: { origin: MemberId; ref: MessageRef }[] = [];

  constructor(
    /** Whether `origin` is gone (given up or left). */
    private readonly gone: (origin: MemberId) => boolean,
    /** Whether this member has the ORDER streams of gone sequencers as far as any member has them. */
    private readonly caughtUp: () => boolean,
    private readonly apply: (ref: MessageRef) => void,
  ) {}

  ordered(origin: MemberId, ref: MessageRef): void {
    if (this.gone(origin)) this.apply(ref);
    else this.waiting.push({ origin, ref });
    this.release();
  }

  /** Applies the waiting ORDERs once nothing of a gone sequencer is missing (also on every heartbeat). */
  release(): void {
    if (this.waiting.length === 0 || !this.caughtUp()) return;
    for (const { ref } of this.waiting.splice(0)) this.apply(ref);
  }
}
