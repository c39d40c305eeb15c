import type { Clock } from '../../common/clock.js';
import type { Final, Proposal } from '../order/orderer.js';
import type { FinalMessage, MemberId, MessageRef, OrderMessage, ProposeMessage } from '../wire/messages.js';
import { RunBatcher } from './run-batcher.js';

/** How control messages in runs leave a member (the member adds the envelope). */
export interface ControlOut {
  order(run: Pick<OrderMessage, 'ref' | 'count'>): void;
  propose(to: MemberId, run: Pick<ProposeMessage, 'ref' | 'count' | 'proposal'>): void;
  final(to: MemberId | undefined, run: Pick<FinalMessage, 'ref' | 'agreed'>): void;
}

/**
 * The orderers' control messages — a sequencer's ORDERs, ISIS proposals and agreed numbers — sent in runs
 * of consecutive messages of one sender stream (run-batcher.ts), and taken apart again on receipt.
 */
export class ControlRuns {
  private readonly orders: RunBatcher<'all', null>;
  private readonly proposals: RunBatcher<MemberId, number>;
  private readonly finals: RunBatcher<MemberId | 'all', { agreed: number; proposer: MemberId }>;

  constructor(clock: Clock, out: ControlOut) {
    this.orders = new RunBatcher(clock, (_, ref, values) => out.order({ ref, count: values.length }));
    this.proposals = new RunBatcher(
      clock,
      (to, ref, values) => out.propose(to, { ref, count: values.length, proposal: values[0] ?? 0 }),
      (last, next) => next === last + 1, // the wire carries the first number of the run
    );
    this.finals = new RunBatcher(clock, (to, ref, agreed) =>
      out.final(to === 'all' ? undefined : to, { ref, agreed }),
    );
  }

  order(ref: MessageRef): void {
    this.orders.add('all', ref, null);
  }

  propose(to: MemberId, ref: MessageRef, proposal: number): void {
    this.proposals.add(to, ref, proposal);
  }

  final(ref: MessageRef, agreed: number, proposer: MemberId, to?: MemberId): void {
    this.finals.add(to ?? 'all', ref, { agreed, proposer });
  }

  /** Sends every run now (the member leaves). */
  flush(): void {
    for (const runs of [this.orders, this.proposals, this.finals]) runs.flush();
  }

  cancel(): void {
    for (const runs of [this.orders, this.proposals, this.finals]) runs.cancel();
  }
}

const nth = (ref: MessageRef, i: number): MessageRef => ({ ...ref, seq: ref.seq + i });

/** The messages an ORDER names, in turn. */
export function orderedRefs({ ref, count }: OrderMessage): MessageRef[] {
  return Array.from({ length: count }, (_, i) => nth(ref, i));
}

/** A proposal message's proposals, one per message. */
export function proposalsOf({ origin, ref, count, proposal }: ProposeMessage): Proposal[] {
  return Array.from({ length: count }, (_, i) => ({ origin, ref: nth(ref, i), proposal: proposal + i }));
}

/** A final message's agreed numbers, one per message. */
export function finalsOf({ ref, agreed }: FinalMessage): Final[] {
  return agreed.map(({ agreed: n, proposer }, i) => ({ ref: nth(ref, i), agreed: n, proposer }));
}
