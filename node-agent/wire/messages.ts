/**
 * The group protocol's messages, as the codec produces and consumes them. Every message names its group,
 * its origin (the member that created it, not the hop that forwarded it) and the view it was sent in.
 */
export type MemberId = string;

/** A member's data messages form one stream; a sequencer's ORDER messages form another. */
export type StreamKind = 'data' | 'order';

export interface Envelope {
  group: string;
  origin: MemberId;
  view: number;
  /** Hierarchical transport: set on the way to a coordinator, which relays the message with it cleared. */
  relay: boolean;
}

/** One stream as a member knows it: the origin reports what it sent, others what they received. */
export interface StreamPosition {
  kind: StreamKind;
  origin: MemberId;
  /** The origin's incarnation: a restarted member starts a new stream. */
  inc: number;
  /**
   * The origin on its own stream: the lowest sequence number it still buffers (everything below is stable,
   * held by every member). Another member: where its copy of the stream begins.
   */
  low: number;
  /** Next sequence number: all below it were sent (origin) or received without a gap (others). */
  next: number;
}

export interface VectorEntry {
  member: MemberId;
  value: number;
}

export interface MessageRef {
  sender: MemberId;
  inc: number;
  seq: number;
}

export interface SeqRange {
  first: number;
  last: number;
}

interface StreamFields {
  inc: number;
  seq: number;
  low: number;
  /** A repair or a timeout retransmission rather than the first copy. */
  retransmit: boolean;
  /** The origin's receive positions, piggybacked as cumulative acks and stability information. */
  digest: StreamPosition[];
}

export interface DataMessage extends Envelope, StreamFields {
  type: 'data';
  /** Vector timestamp (causal groups only; empty otherwise). */
  vt: VectorEntry[];
  payload: Buffer;
}

/** The sequencer's decision: the data message `ref` is number `seq` in the group's total order. */
/** Total-sequencer: the sequencer orders messages `ref.seq` … `ref.seq + count − 1` of ref's stream, in turn. */
export interface OrderMessage extends Envelope, StreamFields {
  type: 'order';
  ref: MessageRef;
  count: number;
}

export type StreamMessage = DataMessage | OrderMessage;

export interface NackMessage extends Envelope {
  type: 'nack';
  kind: StreamKind;
  /** The origin of the stream with the gap (the message's own origin is the member asking). */
  stream: MemberId;
  inc: number;
  ranges: SeqRange[];
}

export interface AckMessage extends Envelope {
  type: 'ack';
  digest: StreamPosition[];
}

export interface HeartbeatMessage extends Envelope {
  type: 'heartbeat';
  inc: number;
  /** False for a sender that has not joined (open groups let non-members send). */
  member: boolean;
  digest: StreamPosition[];
}

export interface JoinMessage extends Envelope {
  type: 'join';
  inc: number;
}

export interface LeaveMessage extends Envelope {
  type: 'leave';
  inc: number;
}

/** ISIS: the origin proposes `proposal` as the number of message `ref` (sent to ref.sender). */
/** ISIS: the origin proposes `proposal + i` for message `ref.seq + i` of ref's stream, for i < count. */
export interface ProposeMessage extends Envelope {
  type: 'propose';
  ref: MessageRef;
  count: number;
  proposal: number;
}

/**
 * ISIS: the agreed number of message `ref`; ties broken by the proposer's id. Sent by the message's
 * sender, or by another member that knows it (an answer to a repeated proposal, a dead sender's successor).
 */
export interface FinalMessage extends Envelope {
  type: 'final';
  /** The first message named; `agreed[i]` is the agreed number of message `ref.seq + i`. */
  ref: MessageRef;
  agreed: { agreed: number; proposer: MemberId }[];
}

export type FlushPhase = 'start' | 'ok' | 'cut' | 'done' | 'stop';

export interface FlushMessage extends Envelope {
  type: 'flush';
  phase: FlushPhase;
  id: number;
  initiator: MemberId;
  /** `ok`: the origin's next sequence number; `cut`: every member's. */
  cut: VectorEntry[];
}

export type GroupMessage =
  | DataMessage
  | OrderMessage
  | NackMessage
  | AckMessage
  | HeartbeatMessage
  | JoinMessage
  | LeaveMessage
  | ProposeMessage
  | FinalMessage
  | FlushMessage;
