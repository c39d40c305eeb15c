import type { SeqRange } from '../wire/messages.js';

export type Arrival = 'new' | 'duplicate' | 'late' | 'ahead';

/** Skipped sequence numbers remembered to tell a late copy from a duplicate (best-effort). */
const SKIPPED_MEMORY = 1024;

/**
 * One sender's stream as a receiver sees it: duplicate detection, the hold-back queue of messages that
 * arrived ahead of a gap, the gaps themselves, and (reliable modes) the messages kept to repair other
 * members until the origin reports them stable. Plain groups' channel passes messages on as soon as they
 * are in order; atomic groups' streams pass them on one at a time, when their view allows (`takeNext`),
 * keep all of them, and move the boundaries at view changes (`startAt`, `discardFrom`, `untake`).
 */
export class ReceiveStream<M extends { seq: number }> {
  /** Lowest sequence number not yet passed on in order. */
  next: number;
  /** Highest sequence number known to exist (from data, heartbeats or digests). */
  highest: number;
  /** The end of the newest gap seen (it may be filled since): NACKs ask again when it moves. */
  newestGap: number;
  private readonly held = new Map<number, M>();
  /** When each held message arrived, in arrival order (so the first entry is the oldest). */
  private readonly arrived = new Map<number, number>();
  private readonly kept = new Map<number, M>();
  private readonly skipped = new Set<number>();

  constructor(
    readonly inc: number,
    /** Where this member's copy of the stream begins. */
    readonly base: number,
    /** Keep passed-on messages for repair until `release`. */
    private readonly keep: boolean,
    /** Messages this far ahead of `next` are dropped (to be repaired later): bounded memory. */
    private readonly maxAhead: number,
  ) {
    this.next = base;
    this.highest = base - 1;
    this.newestGap = base - 1;
  }

  /** Takes a message that arrived at `now` (the clock's time: how long it is held back is reported). */
  add(message: M, now = 0): Arrival {
    const { seq } = message;
    if (seq < this.next) return this.skipped.has(seq) ? 'late' : 'duplicate';
    if (this.held.has(seq)) return 'duplicate';
    if (seq >= this.next + this.maxAhead) return 'ahead';
    this.held.set(seq, message);
    this.arrived.set(seq, now);
    if (seq > this.highest + 1) this.newestGap = seq - 1;
    this.highest = Math.max(this.highest, seq);
    return 'new';
  }

  /** Removes and returns the messages now in order (the hold-back queue's contiguous head). */
  takeInOrder(): M[] {
    const ready: M[] = [];
    for (let m = this.held.get(this.next); m; m = this.held.get(this.next)) {
      this.held.delete(this.next);
      this.arrived.delete(this.next);
      this.keepTaken(m);
      ready.push(m);
      this.next++;
    }
    return ready;
  }

  /** Passes on the next message alone, if it is here (kept when keeping). */
  takeNext(): M | undefined {
    const message = this.held.get(this.next);
    if (!message) return undefined;
    this.held.delete(this.next);
    this.arrived.delete(this.next);
    this.keepTaken(message);
    this.next++;
    return message;
  }

  /** The first sequence number not received: the end of the run of held messages from `next`. */
  get receivedUpTo(): number {
    let seq = this.next;
    while (this.held.has(seq)) seq++;
    return seq;
  }

  /** One past the last message held (`next` when none is). */
  get heldUpTo(): number {
    let top = this.next;
    for (const seq of this.held.keys()) top = Math.max(top, seq + 1);
    return top;
  }

  /** Nothing below `seq` is for this member: what is held below it is dropped, and `next` moves there. */
  startAt(seq: number): void {
    if (seq <= this.next) return;
    for (const s of this.held.keys()) if (s < seq) this.forgetHeld(s);
    this.next = seq;
    this.highest = Math.max(this.highest, seq - 1);
  }

  /** A message passed on before (recovered from a store): kept, and `next` moves past it. */
  restore(message: M): void {
    this.kept.set(message.seq, message);
    this.next = Math.max(this.next, message.seq + 1);
    this.highest = Math.max(this.highest, message.seq);
  }

  /** Drops what is held at or beyond `seq` and forgets it existed (nobody will pass it on). */
  discardFrom(seq: number): void {
    for (const s of this.held.keys()) if (s >= seq) this.forgetHeld(s);
    this.highest = Math.min(this.highest, Math.max(seq, this.next) - 1);
  }

  /** Takes a passed-on message back: it is held again, and `next` moves back to it. */
  untake(seq: number): void {
    const message = this.kept.get(seq);
    if (!message) return;
    this.kept.delete(seq);
    this.held.set(seq, message);
    this.arrived.set(seq, 0);
    this.next = Math.min(this.next, seq);
  }

  /** Someone reports that messages below `next` exist. */
  heard(next: number): void {
    if (next - 1 > this.highest) this.newestGap = next - 1;
    this.highest = Math.max(this.highest, next - 1);
  }

  /** The gaps between `next` and the highest known message (or `upTo`, excluded), at most `limit` ranges. */
  missing(limit = 32, upTo = this.highest + 1): SeqRange[] {
    const ranges: SeqRange[] = [];
    let first: number | undefined;
    const last = Math.min(upTo - 1, this.next + this.maxAhead - 1);
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
    // Passed on in sequence, so kept in ascending order: free from the front, not by scanning it all.
    for (const seq of this.kept.keys()) {
      if (seq >= low) break;
      this.kept.delete(seq);
    }
  }

  get(seq: number): M | undefined {
    return this.held.get(seq) ?? this.kept.get(seq);
  }

  /** The held-back message that arrived first, and when; undefined when nothing is held back. */
  oldestHeld(): { seq: number; since: number } | undefined {
    for (const [seq, since] of this.arrived) return { seq, since };
    return undefined;
  }

  private keepTaken(message: M): void {
    if (this.keep) this.kept.set(message.seq, message);
  }

  private forgetHeld(seq: number): void {
    this.held.delete(seq);
    this.arrived.delete(seq);
  }

  get heldBack(): number {
    return this.held.size;
  }

  get buffered(): number {
    return this.kept.size;
  }
}
