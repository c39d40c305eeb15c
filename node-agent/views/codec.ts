import { enumOf, list, readRef, writeRef } from '../wire/codec.js';
import { FrameFormat, RELAY } from '../wire/frame.js';
import type { SeqRange } from '../wire/messages.js';
import { Reader, sizeHint, Writer } from '../wire/primitives.js';
import type { AgreedNumber, MemberState, StreamCut, StreamSpan, VsEnvelope, VsMessage } from './messages.js';
import type { Member, View, ViewRef } from './view.js';

/**
 * Binary layout of view-synchronous messages (big-endian): the frame head plain groups use too
 * (wire/frame.ts) with magic 'V' 'S', version 1 and flag bits 1 retransmit and 2 history (data only);
 * then
 *      inc, view     u32 each
 *      body          per type, below; lists carry a u16 count; an absent view is view number 0
 */
const RETRANSMIT = 2;
const HISTORY = 4;

type Type = VsMessage['type'];
type Of<T extends Type> = Extract<VsMessage, { type: T }>;
type Body<T extends Type> = Omit<Of<T>, keyof VsEnvelope | 'type' | 'retransmit' | 'history'> &
  (T extends 'fetch' ? { history: boolean } : unknown);

const TYPE_CODES: Record<Type, number> = {
  data: 1,
  status: 2,
  fetch: 3,
  join: 4,
  leave: 5,
  prepare: 6,
  'flush-ok': 7,
  cut: 8,
  'cut-done': 9,
  install: 10,
  sync: 11,
  propose: 12,
};
const FRAME = new FrameFormat<Type>(0x5653, 1, TYPE_CODES, RELAY | RETRANSMIT | HISTORY);
const STATES: MemberState[] = ['member', 'joining', 'blocked', 'flushing'];

const writeCuts = (w: Writer, cuts: readonly StreamCut[]) =>
  list(w, cuts, (c) => w.str(c.sender).u32(c.inc).u32(c.next));
const readCuts = (r: Reader): StreamCut[] => r.list(() => ({ sender: r.str(), inc: r.u32(), next: r.u32() }));
const writeMembers = (w: Writer, ms: readonly Member[]) => list(w, ms, (m) => w.str(m.id).u32(m.inc));
const readMembers = (r: Reader): Member[] => r.list(() => ({ id: r.str(), inc: r.u32() }));
const writeViewRef = (w: Writer, ref: ViewRef | undefined) => w.u32(ref?.id ?? 0).str(ref?.coordinator ?? '');
const readViewRef = (r: Reader): ViewRef | undefined => {
  const id = r.u32();
  const coordinator = r.str();
  return id === 0 ? undefined : { id, coordinator };
};
const writeView = (w: Writer, view: View | undefined) => {
  writeViewRef(w, view);
  writeMembers(w, view?.members ?? []);
};
const readView = (r: Reader): View | undefined => {
  const ref = readViewRef(r);
  const members = readMembers(r);
  return ref && { ...ref, members };
};

/** Encoders and decoders of each message body, side by side. */
const BODIES: { [T in Type]: { write(w: Writer, m: Of<T>): void; read(r: Reader): Body<T> } } = {
  data: {
    write: (w, m) => {
      w.u32(m.seq).bytes(m.payload);
      list(w, m.orders, (ref) => writeRef(w, ref));
      list(w, m.finals, (f) => writeRef(w, f.ref).u32(f.agreed).str(f.proposer));
    },
    read: (r) => ({
      seq: r.u32(),
      payload: r.bytes(),
      orders: r.list(() => readRef(r)),
      finals: r.list((): AgreedNumber => ({ ref: readRef(r), agreed: r.u32(), proposer: r.str() })),
    }),
  },
  status: {
    write: (w, m) => {
      w.u8(STATES.indexOf(m.state)).str(m.coordinator).u16(m.size);
      writeCuts(w, m.digest);
    },
    read: (r) => ({ state: enumOf(r, STATES), coordinator: r.str(), size: r.u16(), digest: readCuts(r) }),
  },
  fetch: {
    write: (w, m) => {
      w.str(m.sender)
        .u32(m.senderInc)
        .u8(m.history ? 1 : 0);
      list(w, m.ranges, (range) => w.u32(range.first).u32(range.last));
    },
    read: (r) => ({
      sender: r.str(),
      senderInc: r.u32(),
      history: r.u8() === 1,
      ranges: r.list((): SeqRange => ({ first: r.u32(), last: r.u32() })),
    }),
  },
  join: {
    write: (w, m) => w.str(m.to).u8(m.catchUp ? 1 : 0),
    read: (r) => ({ to: r.str(), catchUp: r.u8() === 1 }),
  },
  leave: { write: (w, m) => w.str(m.to), read: (r) => ({ to: r.str() }) },
  prepare: {
    write: (w, m) => {
      w.u32(m.attempt).str(m.coordinator);
      writeMembers(w, m.members);
      writeMembers(w, m.survivors);
    },
    read: (r) => ({
      attempt: r.u32(),
      coordinator: r.str(),
      members: readMembers(r),
      survivors: readMembers(r),
    }),
  },
  'flush-ok': {
    write: (w, m) => {
      w.u32(m.attempt).str(m.proposer);
      writeCuts(w, m.digest);
    },
    read: (r) => ({ attempt: r.u32(), proposer: r.str(), digest: readCuts(r) }),
  },
  cut: {
    write: (w, m) => {
      w.u32(m.attempt).str(m.proposer);
      writeCuts(w, m.cut);
    },
    read: (r) => ({ attempt: r.u32(), proposer: r.str(), cut: readCuts(r) }),
  },
  'cut-done': {
    write: (w, m) => w.u32(m.attempt).str(m.proposer),
    read: (r) => ({ attempt: r.u32(), proposer: r.str() }),
  },
  install: {
    write: (w, m) => {
      w.u32(m.attempt);
      writeViewRef(w, m.prev);
      writeCuts(w, m.cut);
      writeView(w, m.next);
      list(w, m.history, (s) => w.str(s.sender).u32(s.inc).u32(s.from).u32(s.next));
      w.str(m.dissolveInto ?? '');
    },
    read: (r) => {
      const attempt = r.u32();
      const prev = readViewRef(r);
      const cut = readCuts(r);
      const next = readView(r);
      const history = r.list(
        (): StreamSpan => ({ sender: r.str(), inc: r.u32(), from: r.u32(), next: r.u32() }),
      );
      const dissolveInto = r.str();
      return {
        attempt,
        prev,
        cut,
        next,
        history,
        dissolveInto: dissolveInto === '' ? undefined : dissolveInto,
      };
    },
  },
  sync: { write: () => {}, read: () => ({}) },
  propose: {
    write: (w, m) => writeRef(w, m.ref).u32(m.proposal),
    read: (r) => ({ ref: readRef(r), proposal: r.u32() }),
  },
};

export function encodeVs(message: VsMessage): Buffer {
  const w = new Writer(sizeHint(message));
  const flags =
    (message.relay ? RELAY : 0) |
    (message.type === 'data' && message.retransmit ? RETRANSMIT : 0) |
    (message.type === 'data' && message.history ? HISTORY : 0);
  FRAME.writeHead(w, { type: message.type, flags, group: message.group, origin: message.origin });
  w.u32(message.inc).u32(message.view);
  (BODIES[message.type].write as (w: Writer, m: VsMessage) => void)(w, message);
  return w.finish();
}

/** Returns undefined for anything that is not a well-formed message of this protocol; never throws. */
export function decodeVs(bytes: Buffer): VsMessage | undefined {
  const r = new Reader(bytes);
  const head = FRAME.readHead(r);
  if (!head) return undefined;
  const { type, flags, group, origin } = head;
  if (type !== 'data' && flags & (RETRANSMIT | HISTORY)) return undefined;
  const envelope: VsEnvelope = { group, origin, inc: r.u32(), view: r.u32(), relay: (flags & RELAY) !== 0 };
  const body = BODIES[type].read(r);
  if (!r.complete) return undefined;
  const extra =
    type === 'data' ? { retransmit: (flags & RETRANSMIT) !== 0, history: (flags & HISTORY) !== 0 } : {};
  return { type, ...envelope, ...extra, ...body } as VsMessage;
}
