import type { MemberId, VectorEntry } from '../wire/messages.js';

/**
 * Which of each sender's messages this member has delivered, as "all below n" plus stragglers (ordering
 * `none` delivers out of sequence). A flush waits on it.
 */
export class DeliveredTracker {
  private readonly below = new Map<MemberId, number>();
  private readonly above = new Map<MemberId, Set<number>>();

  /** The member receives `sender` from `base` on: nothing below is coming. */
  start(sender: MemberId, base: number): void {
    if (base > (this.below.get(sender) ?? 0)) {
      this.below.set(sender, base);
      this.advance(sender);
    }
  }

  add(sender: MemberId, seq: number): void {
    const below = this.below.get(sender) ?? 0;
    if (seq === below) {
      // In sequence (the usual case): no set to keep.
      let next = below + 1;
      const set = this.above.get(sender);
      while (set?.delete(next)) next++;
      this.below.set(sender, next);
    } else if (seq > below) {
      const set = this.above.get(sender) ?? new Set<number>();
      this.above.set(sender, set);
      set.add(seq);
    }
  }

  /** Whether everything below each member's cut has been delivered. */
  reached(cut: readonly VectorEntry[]): boolean {
    return cut.every((e) => (this.below.get(e.member) ?? 0) >= e.value);
  }

  private advance(sender: MemberId): void {
    const set = this.above.get(sender);
    let next = this.below.get(sender) ?? 0;
    for (const seq of set ?? []) if (seq < next) set?.delete(seq);
    while (set?.delete(next)) next++;
    this.below.set(sender, next);
  }
}
