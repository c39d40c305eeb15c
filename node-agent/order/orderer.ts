import type { Clock } from '../../common/clock.js';
import type { Stall } from '../group/stall.js';
import type { GroupCounters } from '../group/stats.js';
import type {
  DataMessage,
  FinalMessage,
  MemberId,
  MessageRef,
  OrderMessage,
  ProposeMessage,
  VectorEntry,
} from '../wire/messages.js';

/** What an ordering protocol may use of its member. */
export interface OrderContext {
  self: MemberId;
  clock: Clock;
  /** False in best-effort groups: what is missing may never come, so waits end after `holdMs`. */
  reliable: boolean;
  holdMs: number;
  proposeRetryMs: number;
  counters: GroupCounters;
  /** Current members, this one included once joined. */
  members(): MemberId[];
  deliver(message: DataMessage): void;
  /** Total-sequencer: who orders now (undefined while this member cannot tell yet). */
  sequencer(): MemberId | undefined;
  /** Total-sequencer: multicasts (reliably) the next ORDER message and returns it. */
  sendOrder(ref: MessageRef): OrderMessage;
  /** ISIS: this member's own incarnation (its messages' `inc`). */
  inc: number;
  sendPropose(to: MemberId, ref: MessageRef, proposal: number): void;
  /** ISIS: multicasts a message's agreed number (or sends it to one member that asked again). */
  sendFinal(ref: MessageRef, agreed: number, proposer: MemberId, to?: MemberId): void;
}

/**
 * Decides when data handed over by the reliable channel is delivered. The channel hands data over in
 * per-sender sequence order (or on arrival when `onArrival`); own messages come through `sent`.
 */
export abstract class Orderer {
  /** Whether data is wanted on arrival rather than in per-sender sequence order. */
  readonly onArrival: boolean = false;

  constructor(protected readonly ctx: OrderContext) {}

  /** An own message, just multicast. */
  abstract sent(message: DataMessage): void;
  /** Another member's message. */
  abstract received(message: DataMessage): void;
  /** The vector timestamp to put on the next own message (causal only). */
  stamp(_seq: number): VectorEntry[] {
    return [];
  }
  /** A member left or was given up: it will decide nothing more. */
  lost(_member: MemberId): void {}
  /** The channel receives `origin`'s data from `base` on. */
  started(_origin: MemberId, _base: number): void {}
  ordered(_message: OrderMessage): void {}
  proposed(_message: ProposeMessage): void {}
  finalized(_message: FinalMessage): void {}
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

export const refKey = (ref: MessageRef): string => `${ref.sender}\u0000${ref.inc}\u0000${ref.seq}`;
export const refOf = (message: DataMessage): MessageRef => ({
  sender: message.origin,
  inc: message.inc,
  seq: message.seq,
});
