import type { Ordering } from '../group-types/options.js';
import { zeroCounters } from '../group-types/stats.js';
import { FifoOrder } from '../order/fifo.js';
import type { OrderContext, Orderer } from '../order/orderer.js';
import { IsisOrder } from '../order/total-isis.js';
import { SequencerOrder } from '../order/total-sequencer.js';
import type { AgreedNumber, VsData } from '../views/messages.js';
import type { MemberId, MessageRef } from '../wire/messages.js';
import type { MemberContext } from './context.js';

/**
 * The orderings an atomic group offers, stacked on its view-synchronous delivery: FIFO per sender; total
 * order by a sequencer, the view's coordinator, whose ORDERs travel in its own stream of the view; and
 * total order by ISIS agreed numbers, each sender's travelling in its own stream. Either way a view change
 * gives every survivor the same ORDERs or agreed numbers along with the same messages.
 */
export const ATOMIC_ORDERINGS = [
  'fifo',
  'total-sequencer',
  'total-isis',
] as const satisfies readonly Ordering[];

export type AtomicOrdering = (typeof ATOMIC_ORDERINGS)[number];

export function isAtomicOrdering(ordering: Ordering): ordering is AtomicOrdering {
  return (ATOMIC_ORDERINGS as readonly Ordering[]).includes(ordering);
}

/** What the orderer sends: ORDERs and agreed numbers in the member's ORDER stream, proposals unicast. */
export interface OrderingPort {
  /** False when it cannot be sent now (a view change is under way). */
  sendControl(control: Pick<VsData, 'orders' | 'finals'>): boolean;
  sendPropose(to: MemberId, ref: MessageRef, proposal: number): void;
}

/** The orderer for an atomic member's current incarnation: `deliver` hands a message to the application. */
export function atomicOrderer(
  ctx: MemberContext,
  deliver: (message: VsData) => void,
  port: OrderingPort,
): Orderer<VsData> {
  const { ordering } = ctx.setup.options;
  const orderContext: OrderContext<VsData> = {
    self: ctx.self,
    clock: ctx.setup.clock,
    reliable: true,
    holdMs: ctx.timing.holdMs,
    proposeRetryMs: ctx.timing.proposeRetryMs,
    counters: zeroCounters(),
    inc: ctx.inc,
    members: () => ctx.current?.members.map((m) => m.id) ?? [],
    deliver,
    sequencer: () => ctx.current?.coordinator,
    sendOrder: (ref) => port.sendControl({ orders: [ref], finals: [] }),
    // Own ORDERs and agreed numbers take effect when the view's stream hands them back.
    ownOrdersReturn: true,
    unreachable: () => false, // a view change ends the wait: what is held is delivered at the end of the view
    sendPropose: (to, ref, proposal) => port.sendPropose(to, ref, proposal),
    // A repeated proposal needs no answer: the agreed number is in the stream, repaired like data.
    sendFinal: (ref, agreed, proposer, to) =>
      to !== undefined ||
      port.sendControl({ orders: [], finals: [{ ref, agreed, proposer } satisfies AgreedNumber] }),
  };
  if (ordering === 'total-sequencer') return new SequencerOrder<VsData>(orderContext);
  if (ordering === 'total-isis') return new IsisOrder<VsData>(orderContext);
  if (ordering === 'fifo') return new FifoOrder<VsData>(orderContext);
  throw new Error(`atomic groups order ${ATOMIC_ORDERINGS.join(', ')}, not ${ordering}`);
}
