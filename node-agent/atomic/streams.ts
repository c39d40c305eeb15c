import type { Ordering } from '../group-types/options.js';
import { ReceiveStream } from '../reliable/receive-stream.js';
import type { StreamSpan, VsData } from '../views/messages.js';
import { byId, type Member, type View } from '../views/view.js';
import type { MemberId, SeqRange } from '../wire/messages.js';

/**
 * One sender incarnation's messages as this member holds them: the reliable channel's receive stream
 * (reliable/receive-stream.ts: duplicates, the hold-back queue, gaps, copies kept), passed on one message
 * at a time as the view allows. Sequence numbers run across views.
 */
export class Stream {
  /** The first message this member holds (delivered history starts here: earlier ones it never had). */
  from: number;
  /** When copies were last asked for (fetches are paced). */
  askedAt = Number.NEGATIVE_INFINITY;
  /** Every message received: held until delivered, then kept (repairs, flushes and catch-ups). */
  readonly rx: ReceiveStream<VsData>;

  constructor(
    readonly sender: string,
    readonly inc: number,
    at: number,
  ) {
    this.from = at;
    this.rx = new ReceiveStream<VsData>(inc, at, true, Number.POSITIVE_INFINITY);
  }

  /** Next to deliver: [from, delivered) are delivered. */
  get delivered(): number {
    return this.rx.next;
  }

  /** Next not received: [delivered, received) are received and wait to be delivered. */
  get received(): number {
    return this.rx.receivedUpTo;
  }
}

/** Gaps asked for in one FETCH, at most. */
const FETCH_RANGES = 16;

export const streamKey = (sender: string, inc: number): string => `${sender}#${inc.toString(16)}`;

/**
 * A sequencer's ORDERs (total-sequencer groups) are a stream of their own, numbered apart from its data
 * so that its messages keep consecutive numbers; it is named after the sequencer (member ids have no /).
 */
const ORDER_STREAM = '/order';
const orderStreamOf = (id: MemberId): string => `${id}${ORDER_STREAM}`;
export const isOrderStream = (sender: string): boolean => sender.endsWith(ORDER_STREAM);
/** The member a stream belongs to: its sender, or the sequencer whose ORDER stream it is. */
export const streamOwner = (sender: string): MemberId =>
  isOrderStream(sender) ? sender.slice(0, -ORDER_STREAM.length) : sender;
/** Whether a message carries ORDERs or agreed numbers rather than data for the application. */
export const isControl = (message: VsData): boolean => message.orders.length > 0 || message.finals.length > 0;
/** The stream a message belongs to. */
export const streamOf = (message: VsData): string =>
  isControl(message) ? orderStreamOf(message.origin) : message.origin;

/** One stream of a view and the member it belongs to. */
export interface ViewStream {
  sender: string;
  inc: number;
  owner: Member;
}

/**
 * A view's streams: every member's data, and the ORDER streams of its ordering — the coordinator's with
 * a sequencer, every member's with ISIS (its agreed numbers).
 */
export function viewStreams(view: View, ordering: Ordering): ViewStream[] {
  const streams = view.members.map((m) => ({ sender: m.id, inc: m.inc, owner: m }));
  const coordinator = byId(view, view.coordinator);
  const ordered =
    ordering === 'total-isis'
      ? view.members
      : ordering === 'total-sequencer' && coordinator
        ? [coordinator]
        : [];
  for (const m of ordered) streams.push({ sender: orderStreamOf(m.id), inc: m.inc, owner: m });
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
      stream = new Stream(sender, inc, at);
      this.map.set(key, stream);
    }
    return stream;
  }

  /** Moves a stream this member has nothing of yet up to `at` (a joiner starts where its view starts). */
  skipTo(stream: Stream, at: number): void {
    if (at <= stream.delivered) return;
    if (stream.rx.buffered === 0) stream.from = at;
    stream.rx.startAt(at);
  }

  /** Takes a received message; false for a duplicate or a message of an unknown stream. */
  add(message: VsData): boolean {
    return this.get(streamOf(message), message.inc)?.rx.add(message) === 'new';
  }

  /** Marks the next message of the stream delivered and returns it (it must have been received). */
  take(stream: Stream): VsData | undefined {
    return stream.rx.takeNext();
  }

  /** Takes back a message `take` handed out that was never delivered: it is pending again. */
  untake(message: VsData): void {
    this.get(streamOf(message), message.inc)?.rx.untake(message.seq);
  }

  /** A message recovered from the store: delivered before the process restarted. */
  restore(message: VsData): void {
    const stream = this.open(message.origin, message.inc, message.seq);
    stream.rx.restore(message);
    stream.from = Math.min(stream.from, message.seq);
  }

  /** Drops what was received at or beyond `seq` but not delivered (beyond a flush's cut: nobody delivers it). */
  discardFrom(stream: Stream, seq: number): void {
    stream.rx.discardFrom(seq);
  }

  copy(sender: string, inc: number, seq: number): VsData | undefined {
    return this.get(sender, inc)?.rx.get(seq);
  }

  /** Gaps in [received, upTo): what to fetch, at most FETCH_RANGES of them (one FETCH stays small). */
  missing(stream: Stream, upTo: number): SeqRange[] {
    return stream.rx.missing(FETCH_RANGES, upTo);
  }

  /** The highest sequence number known to exist, plus one (from what arrived ahead of a gap). */
  heardUpTo(stream: Stream): number {
    return stream.rx.heldUpTo;
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
    for (const s of this.map.values()) n += s.rx.heldBack;
    return n;
  }
}
