import type { StreamCut, StreamSpan, VsData } from '../views/messages.js';
import { byId, type Member, type View } from '../views/view.js';
import type { MemberId, SeqRange } from '../wire/messages.js';

/** One sender incarnation's messages as this member holds them. Sequence numbers run across views. */
export interface Stream {
  sender: string;
  inc: number;
  /** The first message this member holds (delivered history starts here: earlier ones it never had). */
  from: number;
  /** Next to deliver: [from, delivered) are delivered and kept in `log`. */
  delivered: number;
  /** Next not received: [delivered, received) are received and waiting in `pending`. */
  received: number;
  /** Received, not delivered yet: the contiguous run from `delivered` plus the hold-back beyond gaps. */
  pending: Map<number, VsData>;
  /** Delivered copies: repairs, flushes and catch-ups are served from here. */
  log: Map<number, VsData>;
  /** When copies were last asked for (fetches are paced). */
  askedAt: number;
}

export const streamKey = (sender: string, inc: number): string => `${sender}#${inc.toString(16)}`;

/**
 * A sequencer's ORDERs (total-sequencer groups) are a stream of their own, numbered apart from its data
 * so that its messages keep consecutive numbers; it is named after the sequencer (member ids have no /).
 */
const ORDER_STREAM = '/order';
export const orderStreamOf = (id: MemberId): string => `${id}${ORDER_STREAM}`;
export const isOrderStream = (sender: string): boolean => sender.endsWith(ORDER_STREAM);
/** The member a stream belongs to: its sender, or the sequencer whose ORDER stream it is. */
export const streamOwner = (sender: string): MemberId =>
  isOrderStream(sender) ? sender.slice(0, -ORDER_STREAM.length) : sender;
/** The stream a message belongs to. */
export const streamOf = (message: VsData): string =>
  message.orders.length > 0 ? orderStreamOf(message.origin) : message.origin;

/** One stream of a view and the member it belongs to. */
export interface ViewStream {
  sender: string;
  inc: number;
  owner: Member;
}

/** A view's streams: every member's data, and with a sequencer its coordinator's ORDERs. */
export function viewStreams(view: View, sequenced: boolean): ViewStream[] {
  const streams = view.members.map((m) => ({ sender: m.id, inc: m.inc, owner: m }));
  const coordinator = byId(view, view.coordinator);
  if (sequenced && coordinator)
    streams.push({ sender: orderStreamOf(coordinator.id), inc: coordinator.inc, owner: coordinator });
  return streams;
}

/**
 * Every sender stream this member knows, with its positions. Streams outlive views: a sender keeps
 * numbering across view changes, and a member keeps what it delivered (its history) for members that
 * need to catch up. Kept in memory for the member's lifetime; the store holds the same on disk.
 */
export class Streams {
  private readonly map = new Map<string, Stream>();

  get(sender: string, inc: number): Stream | undefined {
    return this.map.get(streamKey(sender, inc));
  }

  /** The stream, created at position `at` (nothing before it is expected) if this member has none. */
  open(sender: string, inc: number, at: number): Stream {
    const key = streamKey(sender, inc);
    let stream = this.map.get(key);
    if (!stream) {
      stream = {
        sender,
        inc,
        from: at,
        delivered: at,
        received: at,
        pending: new Map(),
        log: new Map(),
        askedAt: -Infinity,
      };
      this.map.set(key, stream);
    }
    return stream;
  }

  /** Moves a stream this member has nothing of yet up to `at` (a joiner starts where its view starts). */
  skipTo(stream: Stream, at: number): void {
    if (at <= stream.delivered) return;
    for (const seq of stream.pending.keys()) if (seq < at) stream.pending.delete(seq);
    if (stream.log.size === 0) stream.from = at;
    stream.delivered = at;
    stream.received = Math.max(stream.received, at);
    this.advance(stream);
  }

  /** Takes a received message; false for a duplicate or a message of an unknown stream. */
  add(message: VsData): boolean {
    const stream = this.get(streamOf(message), message.inc);
    if (!stream || message.seq < stream.delivered || stream.pending.has(message.seq)) return false;
    stream.pending.set(message.seq, message);
    this.advance(stream);
    return true;
  }

  /** Marks the next message of the stream delivered and returns it (it must have been received). */
  take(stream: Stream): VsData | undefined {
    const message = stream.pending.get(stream.delivered);
    if (!message) return undefined;
    stream.pending.delete(stream.delivered);
    stream.log.set(stream.delivered, message);
    stream.delivered++;
    return message;
  }

  /** Takes back a message `take` handed out that was never delivered: it is pending again. */
  untake(message: VsData): void {
    const stream = this.get(streamOf(message), message.inc);
    if (!stream?.log.delete(message.seq)) return;
    stream.pending.set(message.seq, message);
    stream.delivered = Math.min(stream.delivered, message.seq);
  }

  /** A message recovered from the store: delivered before the process restarted. */
  restore(message: VsData): void {
    const stream = this.open(message.origin, message.inc, message.seq);
    stream.log.set(message.seq, message);
    stream.from = Math.min(stream.from, message.seq);
    stream.delivered = Math.max(stream.delivered, message.seq + 1);
    stream.received = Math.max(stream.received, stream.delivered);
  }

  /** Drops what was received at or beyond `seq` but not delivered (beyond a flush's cut: nobody delivers it). */
  discardFrom(stream: Stream, seq: number): void {
    for (const s of stream.pending.keys()) if (s >= seq) stream.pending.delete(s);
    stream.received = Math.min(stream.received, Math.max(seq, stream.delivered));
    this.advance(stream);
  }

  copy(sender: string, inc: number, seq: number): VsData | undefined {
    const stream = this.get(sender, inc);
    return stream?.pending.get(seq) ?? stream?.log.get(seq);
  }

  /** Gaps in [received, upTo): what to fetch. */
  missing(stream: Stream, upTo: number, limit = 16): SeqRange[] {
    const ranges: SeqRange[] = [];
    let first: number | undefined;
    for (let seq = stream.received; seq <= upTo && ranges.length < limit; seq++) {
      const absent = seq < upTo && !stream.pending.has(seq);
      if (absent && first === undefined) first = seq;
      if (!absent && first !== undefined) {
        ranges.push({ first, last: seq - 1 });
        first = undefined;
      }
    }
    return ranges;
  }

  /** The highest sequence number known to exist, plus one (from what arrived ahead of a gap). */
  heardUpTo(stream: Stream): number {
    let top = stream.received;
    for (const seq of stream.pending.keys()) top = Math.max(top, seq + 1);
    return top;
  }

  cut(stream: Stream): StreamCut {
    return { sender: stream.sender, inc: stream.inc, next: stream.received };
  }

  /** What this member has delivered, per stream: the history others may catch up from. */
  spans(): StreamSpan[] {
    return [...this.map.values()].map((s) => ({
      sender: s.sender,
      inc: s.inc,
      from: s.from,
      next: s.delivered,
    }));
  }

  get holding(): number {
    let n = 0;
    for (const s of this.map.values()) n += s.pending.size;
    return n;
  }

  private advance(stream: Stream): void {
    stream.received = Math.max(stream.received, stream.delivered);
    while (stream.pending.has(stream.received)) stream.received++;
  }
}
