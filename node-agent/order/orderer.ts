import type { Clock } from '../../common/clock.js';
import type { Stall } from '../group-types/stall.js';
import type { GroupCounters } from '../group-types/stats.js';
import type { DataMessage, MemberId, MessageRef, ProposeMessage, VectorEntry } from '../wire/messages.js';

/** What an ordering protocol needs of a message: its sender, the sender's incarnation and its number. */
export interface Sequenced {
  origin: MemberId;
  inc: number;
  seq: number;
}

/**
 * What an ordering protocol may use of its member: a plain group member (messages `DataMessage`) or an
 * atomic group member (its view's messages), which stacks the same orderers on its view-synchronous
 * delivery.
 */
export interface OrderContext<M extends Sequenced = DataMessage> {
  self: MemberId;
  clock: Clock;
  /** False in best-effort groups: what is missing may never come, so waits end after `holdMs`. */
  reliable: boolean;
  holdMs: number;
  proposeRetryMs: number;
  counters: GroupCounters;
  /** Current members, this one included once joined. */
  members(): MemberId[];
  deliver(message: M): void;
  /** Total-sequencer: who orders now (undefined while this member cannot tell yet). */
  sequencer(): MemberId | undefined;
  /** Total-sequencer: multicasts (reliably) an ORDER for `ref`; false when it cannot be sent now. */
  sendOrder(ref: MessageRef): boolean;
  /**
   * The sequencer's own ORDERs (ISIS: a sender's own agreed numbers) come back to it through its stream
   * and take effect then (an atomic group: one a view change cuts off is dropped everywhere, the sender
   * included).
   */
  ownOrdersReturn: boolean;
  /**
   * Total-sequencer: a message of a sender that is gone which no member has, so it will never come (its
   * ORDER is skipped rather than waited for).
   */
  unreachable(ref: MessageRef): boolean;
  /** ISIS: this member's own incarnation (its messages' `inc`). */
  inc: number;
  sendPropose(to: MemberId, ref: MessageRef, proposal: number): void;
  /**
   * ISIS: multicasts a message's agreed number (or sends it to one member that asked again); false when
   * it cannot be sent now. Own agreed numbers take effect at once, unless `ownOrdersReturn`.
   */
  sendFinal(ref: MessageRef, agreed: number, proposer: MemberId, to?: MemberId): boolean;
}

/**
 * Decides when data handed over by the reliable channel is delivered. The channel hands data over in
 * per-sender sequence order (or on arrival when `onArrival`); own messages come through `sent`.
 */
export abstract class Orderer<M extends Sequenced = DataMessage> {
  /** Whether data is wanted on arrival rather than in per-sender sequence order. */
  readonly onArrival: boolean = false;

  constructor(protected readonly ctx: OrderContext<M>) {}

  /** An own message, just multicast. */
  abstract sent(message: M): void;
  /** Another member's message. */
  abstract received(message: M): void;
  /** The vector timestamp to put on the next own message (causal only). */
  stamp(_seq: number): VectorEntry[] {
    return [];
  }
  /** A member left or was given up: it will decide nothing more. */
  lost(_member: MemberId): void {}
  /** The channel receives `origin`'s data from `base` on. */
  started(_origin: MemberId, _base: number): void {}
  /** Total-sequencer: the sequencer's ORDER for `ref` (the next in its ORDER stream). */
  ordered(_ref: MessageRef): void {}
  proposed(_proposal: Proposal): void {}
  finalized(_final: Final): void {}
  /**
   * An atomic group's view ends, every survivor holding the same messages (and ORDERs): delivers
   * whatever is still held, in an order every survivor computes alike.
   */
  endView(): void {}
  /**
   * Gives back what it holds and forgets it: an atomic member that leaves its view without flushing it
   * (blocked without quorum, excluded) catches those messages up as history instead.
   */
  release(): M[] {
    return [];
  }
  /** Periodic upkeep (the member's heartbeat). */
  tick(): void {}
  /** Messages waiting to be delivered. */
  get holding(): number {
    return 0;
  }
  /** The oldest message waiting to be delivered and what delivery waits for; undefined if none waits. */
  stall(): Stall | undefined {
    return undefined;
  }
  stop(): void {}
}

/** The order every member computes alike for messages without a number: sender, incarnation, sequence. */
export const bySenderIncSeq = (a: MessageRef, b: MessageRef): number =>
  a.sender !== b.sender ? (a.sender < b.sender ? -1 : 1) : a.inc !== b.inc ? a.inc - b.inc : a.seq - b.seq;

/** A sender incarnation's stream, as a key. */
export const streamOf = (ref: MessageRef): string => `${ref.sender}\u0000${ref.inc}`;
/** ISIS: a member's proposed number for a message, and a message's agreed number, as orderers read them. */
export type Proposal = Pick<ProposeMessage, 'origin' | 'ref' | 'proposal'>;
export interface Final {
  ref: MessageRef;
  agreed: number;
  proposer: MemberId;
}

export const refKey = (ref: MessageRef): string => `${ref.sender}\u0000${ref.inc}\u0000${ref.seq}`;
export const refOf = (message: Sequenced): MessageRef => ({
  sender: message.origin,
  inc: message.inc,
  seq: message.seq,
});
