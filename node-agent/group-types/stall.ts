import type { MemberId, StreamKind } from '../wire/messages.js';

/**
 * What a held-back message waits for before it (or the queue it sits in) can move on:
 * - `seq`: message `seq` of `sender`'s stream (`stream: 'order'`: the sequencer's ORDER stream), not
 *   received (`gap`: how many are missing from `seq` on, when the channel reports it) or, for an orderer,
 *   not yet handed over in sequence;
 * - `order`: the sequencer's ORDER message for `sender`'s message `seq` (`orderSeq`: the next ORDER
 *   message this member lacks, when it has heard of the sequencer's stream);
 * - `agreed`: the ISIS agreed number of `sender`'s message `seq`, held under the tentative `proposed`;
 *   at the member deciding it (its sender, or the successor of a sender given up: `decidedBy`),
 *   `proposalsMissingFrom` lists the members whose proposals have not come;
 * - `causal`: `sender`'s message `seq` needs, per member, that many of its messages delivered here
 *   first (`delivered`: how many are).
 */
export type WaitingFor =
  | { kind: 'seq'; stream: StreamKind; sender: MemberId; seq: number; gap?: number }
  | { kind: 'order'; sender: MemberId; seq: number; sequencer?: MemberId; orderSeq?: number }
  | {
      kind: 'agreed';
      sender: MemberId;
      seq: number;
      proposed: number;
      decidedBy?: MemberId;
      proposalsMissingFrom?: MemberId[];
    }
  | {
      kind: 'causal';
      sender: MemberId;
      seq: number;
      needs: Record<MemberId, number>;
      delivered: Record<MemberId, number>;
    };

/** The oldest message a hold-back queue holds, and what the queue waits for. */
export interface Stall {
  /** Which queue: the reliable channel's (per-sender sequence order) or the orderer's. */
  heldIn: 'receive' | 'order';
  /** Messages held back in that queue now. */
  held: number;
  /** How long the oldest of them has been held (milliseconds of the member's clock). */
  oldestAgeMs: number;
  /** That oldest message (a sequencer's queue holding only an ORDER: the message the ORDER names). */
  oldest: { sender: MemberId; seq: number };
  waitingFor: WaitingFor;
}

/** The older of two stalls (the first on a tie). */
export function olderStall(a: Stall | undefined, b: Stall | undefined): Stall | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.oldestAgeMs > a.oldestAgeMs ? b : a;
}

/** Milliseconds held, rounded (a real clock has fractions). */
export const ageMs = (now: number, since: number): number => Math.max(0, Math.round(now - since));
