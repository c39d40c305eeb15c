import type { SeqRange } from '../wire/messages.js';

export type Arrival = 'new' | 'duplicate' | 'late' | 'ahead';

/** Skipped sequence numbers remembered to tell a late copy from a duplicate (best-effort). */
const SKIPPED_MEMORY = 1024;

/**
 * One sender's stream as a receiver sees it: duplicate detection, the hold-back queue of messages that
 * arrived ahead of a gap, the gaps themselves, and (NACK mode) the messages kept to repair other members
 * until the origin reports them stable.
 */
export class ReceiveStream<M extends { seq: number }> {
  /** Lowest sequence number not yet passed on in order. */
  next: number;
  /** Highest sequence number known to exist (from data, heartbeats or digests). */
  highest: number;
  private readonly held = new Map<number, M>();
  /** When each held message arrived, in arrival order (so the first entry is the oldest). */
  private readonly arrived = new Map<number, number>();
  private readonly kept = new Map<number, M>();
  private readonly skipped = new Set<number>();

  constructor(
    readonly inc: number,
    base: number,
    /** Keep passed-on messages for repair until `release`. */
    private readonly keep: boolean,
    /** Messages this far ahead of `next` are dropped (to be repaired later): bounded memory. */
    private readonly maxAhead: number,
  ) {
    this.next = base;
    this.highest = base - 1;
  }

  /** Takes a message that arrived at `now` (the clock's time: how long it is held back is reported). */
  add(message: M, now = 0): Arrival {
    const { seq } = message;
    if (seq < this.next) return this.skipped.has(seq) ? 'late' : 'duplicate';
    if (this.held.has(seq)) return 'duplicate';
    if (seq >= this.next + this.maxAhead) return 'ahead';
    this.held.set(seq, message);
    this.arrived.set(seq, now);
    this.highest = Math.max(this.highest, seq);
    return 'new';
  }

  /** Removes and returns the messages now in order (the hold-back queue's contiguous head). */
  takeInOrder(): M[] {
    const ready: M[] = [];
    for (let m = this.held.get(this.next); m; m = this.held.get(this.next)) {
      this.held.delete(this.next);
      this.arrived.delete(this.next);
      if (this.keep) this.kept.set(this.next, m);
      ready.push(m);
      this.next++;
    }
    return ready;
  }

  /** Someone reports that messages below `next` exist. */
  heard(next: number): void {
    this.highest = Math.max(this.highest, next - 1);
  }

  /** The gaps between `next` and the highest known message, at most `limit` ranges. */
  missing(limit = 32): SeqRange[] {
    const ranges: SeqRange[] = [];
    let first: number | undefined;
    const last = Math.min(this.highest, this.next + this.maxAhead - 1);
    for (let seq = this.next; seq <= last + 1 && ranges.length < limit; seq++) {
      const absent = seq <= last && !this.held.has(seq);
      if (absent && first === undefined) first = seq;
      if (!absent && first !== undefined) {
        ranges.push({ first, last: seq - 1 });
        first = undefined;
      }
    }
    return ranges;
  }

  /** Gives up on everything below `seq` (best-effort gaps, or history that is gone everywhere). */
  skipTo(seq: number): number {
    let count = 0;
    for (; this.next < seq; this.next++) {
      if (this.held.has(this.next)) break;
      this.skipped.add(this.next);
      count++;
    }
    for (const old of this.skipped) {
      if (this.skipped.size <= SKIPPED_MEMORY) break;
      this.skipped.delete(old);
    }
    this.highest = Math.max(this.highest, this.next - 1);
    return count;
  }

  /** Best-effort: skips the gap before the first held message. Returns how many were skipped. */
  skipGap(): number {
    if (this.held.size === 0) return 0;
    return this.skipTo(Math.min(...this.held.keys()));
  }

  /** The origin reports everything below `low` stable: no member will ask for it again. */
  release(low: number): void {
    for (const seq of this.kept.keys()) if (seq < low) this.kept.delete(seq);
  }

  get(seq: number): M | undefined {
    return this.held.get(seq) ?? this.kept.get(seq);
  }

  /** The held-back message that arrived first, and when; undefined when nothing is held back. */
  oldestHeld(): { seq: number; since: number } | undefined {
    for (const [seq, since] of this.arrived) return { seq, since };
    return undefined;
  }

  get heldBack(): number {
    return this.held.size;
  }

  get buffered(): number {
    return this.kept.size;
  }
}
