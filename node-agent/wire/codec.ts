import { FrameFormat, RELAY } from './frame.js';
import type {
  Envelope,
  FlushPhase,
  GroupMessage,
  MessageRef,
  SeqRange,
  StreamKind,
  StreamPosition,
  VectorEntry,
} from './messages.js';
import { Reader, sizeHint, Writer } from './primitives.js';

/**
 * Binary layout of plain groups' messages (big-endian): the frame head (wire/frame.ts) with magic 'G' 'M',
 * version 1 and flag bit 1 retransmit (data and order only); then
 *      view           u32
 *      body           per type, below; lists carry a u16 count
 */
const RETRANSMIT = 2;

type Type = GroupMessage['type'];
type Of<T extends Type> = Extract<GroupMessage, { type: T }>;
type Body<T extends Type> = Omit<Of<T>, keyof Envelope | 'type' | 'retransmit'>;

const TYPE_CODES: Record<Type, number> = {
  data: 1,
  order: 2,
  nack: 3,
  ack: 4,
  heartbeat: 5,
  join: 6,
  leave: 7,
  propose: 8,
  final: 9,
  flush: 10,
};
const FRAME = new FrameFormat<Type>(0x474d, 2, TYPE_CODES, RELAY | RETRANSMIT);
const KINDS: StreamKind[] = ['data', 'order'];
const PHASES: FlushPhase[] = ['start', 'ok', 'cut', 'done', 'stop'];

const writePosition = (w: Writer, p: StreamPosition) =>
  w.u8(KINDS.indexOf(p.kind)).str(p.origin).u32(p.inc).u32(p.low).u32(p.next);
const readPosition = (r: Reader): StreamPosition => ({
  kind: enumOf(r, KINDS),
  origin: r.str(),
  inc: r.u32(),
  low: r.u32(),
  next: r.u32(),
});
const writeVector = (w: Writer, v: VectorEntry[]) => list(w, v, (e) => w.str(e.member).u32(e.value));
const readVector = (r: Reader): VectorEntry[] => r.list(() => ({ member: r.str(), value: r.u32() }));
/** A message's reference (sender, incarnation, sequence number): both group protocols carry them. */
export const writeRef = (w: Writer, ref: MessageRef) => w.str(ref.sender).u32(ref.inc).u32(ref.seq);
export const readRef = (r: Reader): MessageRef => ({ sender: r.str(), inc: r.u32(), seq: r.u32() });

/** Encoders and decoders of each message body, side by side. */
const BODIES: { [T in Type]: { write(w: Writer, m: Of<T>): void; read(r: Reader): Body<T> } } = {
  data: {
    write: (w, m) => {
      w.u32(m.inc).u32(m.seq).u32(m.low);
      writeVector(w, m.vt);
      list(w, m.digest, (p) => writePosition(w, p));
      w.bytes(m.payload);
    },
    read: (r) => ({
      inc: r.u32(),
      seq: r.u32(),
      low: r.u32(),
      vt: readVector(r),
      digest: r.list(() => readPosition(r)),
      payload: r.bytes(),
    }),
  },
  order: {
    write: (w, m) => {
      w.u32(m.inc).u32(m.seq).u32(m.low);
      writeRef(w, m.ref).u16(m.count);
      list(w, m.digest, (p) => writePosition(w, p));
    },
    read: (r) => ({
      inc: r.u32(),
      seq: r.u32(),
      low: r.u32(),
      ref: readRef(r),
      count: r.u16(),
      digest: r.list(() => readPosition(r)),
    }),
  },
  nack: {
    write: (w, m) => {
      w.u8(KINDS.indexOf(m.kind)).str(m.stream).u32(m.inc);
      list(w, m.ranges, (range) => w.u32(range.first).u32(range.last));
    },
    read: (r) => ({
      kind: enumOf(r, KINDS),
      stream: r.str(),
      inc: r.u32(),
      ranges: r.list((): SeqRange => ({ first: r.u32(), last: r.u32() })),
    }),
  },
  ack: {
    write: (w, m) => list(w, m.digest, (p) => writePosition(w, p)),
    read: (r) => ({ digest: r.list(() => readPosition(r)) }),
  },
  heartbeat: {
    write: (w, m) => {
      w.u32(m.inc).u8(m.member ? 1 : 0);
      list(w, m.digest, (p) => writePosition(w, p));
    },
    read: (r) => ({ inc: r.u32(), member: r.u8() === 1, digest: r.list(() => readPosition(r)) }),
  },
  join: { write: (w, m) => w.u32(m.inc), read: (r) => ({ inc: r.u32() }) },
  leave: { write: (w, m) => w.u32(m.inc), read: (r) => ({ inc: r.u32() }) },
  propose: {
    write: (w, m) => writeRef(w, m.ref).u16(m.count).u32(m.proposal),
    read: (r) => ({ ref: readRef(r), count: r.u16(), proposal: r.u32() }),
  },
  final: {
    write: (w, m) => {
      writeRef(w, m.ref);
      list(w, m.agreed, (a) => w.u32(a.agreed).str(a.proposer));
    },
    read: (r) => ({ ref: readRef(r), agreed: r.list(() => ({ agreed: r.u32(), proposer: r.str() })) }),
  },
  flush: {
    write: (w, m) => {
      w.u8(PHASES.indexOf(m.phase)).u32(m.id).str(m.initiator);
      writeVector(w, m.cut);
    },
    read: (r) => ({ phase: enumOf(r, PHASES), id: r.u32(), initiator: r.str(), cut: readVector(r) }),
  },
};

export function encodeMessage(message: GroupMessage): Buffer {
  const w = new Writer(sizeHint(message));
  const retransmit = 'retransmit' in message && message.retransmit;
  const flags = (message.relay ? RELAY : 0) | (retransmit ? RETRANSMIT : 0);
  FRAME.writeHead(w, { type: message.type, flags, group: message.group, origin: message.origin });
  w.u32(message.view);
  (BODIES[message.type].write as (w: Writer, m: GroupMessage) => void)(w, message);
  return w.finish();
}

/** Returns undefined for anything that is not a well-formed message of this protocol; never throws. */
export function decodeMessage(bytes: Buffer): GroupMessage | undefined {
  const r = new Reader(bytes);
  const head = FRAME.readHead(r);
  if (!head) return undefined;
  const { type, flags, group, origin } = head;
  const envelope: Envelope = { group, origin, view: r.u32(), relay: (flags & RELAY) !== 0 };
  const body = BODIES[type].read(r);
  if (!r.complete) return undefined;
  const streamed = type === 'data' || type === 'order';
  if (!streamed && flags & RETRANSMIT) return undefined;
  return {
    type,
    ...envelope,
    ...(streamed ? { retransmit: (flags & RETRANSMIT) !== 0 } : {}),
    ...body,
  } as GroupMessage;
}

/** Writes a u16 count, then each item (codecs share it). */
export function list<T>(w: Writer, items: readonly T[], item: (value: T) => unknown): void {
  if (items.length > 0xffff) throw new RangeError(`a list of ${items.length} items does not fit`);
  w.u16(items.length);
  for (const value of items) item(value);
}

/** An enum value by index; an index out of range fails the reader. */
export function enumOf<T>(r: Reader, values: readonly T[]): T {
  const value = values[r.u8()];
  if (value === undefined) r.ok = false;
  return value ?? (values[0] as T);
}
