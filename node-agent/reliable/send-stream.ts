/**
 * A member's own stream: numbering, and (reliable modes) the messages sent but not yet released, kept
 * for retransmission. `acked` is where every known member has received up to; `low` where messages are
 * released, which lags `acked` by a retention time (see `release`). Back-pressure bounds `next - acked`.
 */
export class SendStream<M> {
  next = 0;
  /**
   * Everything below has been received by every member this member knows of. It may fall back when a
   * member becomes known that lacks messages still kept.
   */
  acked = 0;
  /** Everything below has been released (no longer kept, never repaired again). */
  low = 0;
  private readonly buffer = new Map<number, { message: M; sentAt: number }>();

  constructor(
    readonly inc: number,
    private readonly keep: boolean,
  ) {}

  append(message: M, now: number): void {
    if (this.keep) this.buffer.set(this.next, { message, sentAt: now });
    this.next++;
    if (!this.keep) this.acked = this.low = this.next;
  }

  /** Sent but not yet received by every known member. */
  get unstable(): number {
    return this.next - this.acked;
  }

  /**
   * Records that every known member has everything below `acked`, and releases what is acked and older
   * than `retainMs`: a member that joined moments ago, not yet known here, can still recover it. Past
   * `maxKept` messages, acked ones are released regardless (bounded memory). Returns how many.
   */
  release(acked: number, now: number, retainMs: number, maxKept: number): number {
    this.acked = Math.max(this.low, Math.min(acked, this.next));
    let freed = 0;
    for (; this.low < this.acked; this.low++) {
      const entry = this.buffer.get(this.low);
      if (entry && entry.sentAt + retainMs > now && this.buffer.size <= maxKept) break;
      if (this.buffer.delete(this.low)) freed++;
    }
    return freed;
  }

  get(seq: number): M | undefined {
    return this.buffer.get(seq)?.message;
  }

  /** Kept messages last sent before `before` (ACK mode: overdue for retransmission if a member lacks them). */
  *overdue(before: number): Generator<{ seq: number; message: M }> {
    for (const [seq, entry] of this.buffer) if (entry.sentAt <= before) yield { seq, message: entry.message };
  }

  touch(seq: number, now: number): void {
    const entry = this.buffer.get(seq);
    if (entry) entry.sentAt = now;
  }

  get buffered(): number {
    return this.buffer.size;
  }
}
