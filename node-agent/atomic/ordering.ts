import type { Ordering } from '../group/options.js';
import { zeroCounters } from '../group/stats.js';
import { FifoOrder } from '../order/fifo.js';
import type { Orderer } from '../order/orderer.js';
import { SequencerOrder } from '../order/total-sequencer.js';
import type { VsData } from '../views/messages.js';
import type { MessageRef } from '../wire/messages.js';
import type { MemberContext } from './context.js';

/**
 * The orderings an atomic group offers, stacked on its view-synchronous delivery: FIFO per sender, and
 * total order by a sequencer — the view's coordinator — whose ORDERs travel in its own stream of the
 * view, so a view change gives every survivor the same ORDERs along with the same messages.
 */
export const ATOMIC_ORDERINGS = ['fifo', 'total-sequencer'] as const satisfies readonly Ordering[];

export type AtomicOrdering = (typeof ATOMIC_ORDERINGS)[number];

export function isAtomicOrdering(ordering: Ordering): ordering is AtomicOrdering {
  return (ATOMIC_ORDERINGS as readonly Ordering[]).includes(ordering);
}

const notOffered = (what: string) => () => {
  throw new Error(`${what} is not offered in atomic groups`);
};

/** The orderer for an atomic member's current incarnation: `deliver` hands a message to the application. */
export function atomicOrderer(
  ctx: MemberContext,
  deliver: (message: VsData) => void,
  sendOrder: (ref: MessageRef) => boolean,
): Orderer<VsData> {
  const { ordering } = ctx.setup.options;
  const orderContext = {
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
    sendOrder,
    ownOrdersReturn: true,
    unreachable: () => false, // a view change ends the wait: what is held is delivered at the end of the view
    sendPropose: notOffered('ISIS'),
    sendFinal: notOffered('ISIS'),
  };
  if (ordering === 'total-sequencer') return new SequencerOrder<VsData>(orderContext);
  if (ordering === 'fifo') return new FifoOrder<VsData>(orderContext);
  throw new Error(`atomic groups order ${ATOMIC_ORDERINGS.join(' or ')}, not ${ordering}`);
}
