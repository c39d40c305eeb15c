import type { Ordering } from '../group-types/options.js';
import { CausalOrder } from './causal.js';
import { FifoOrder } from './fifo.js';
import type { OrderContext, Orderer } from './orderer.js';
import { IsisOrder } from './total-isis.js';
import { SequencerOrder } from './total-sequencer.js';
import { Unordered } from './unordered.js';

export function createOrderer(ordering: Ordering, ctx: OrderContext): Orderer {
  switch (ordering) {
    case 'none':
      return new Unordered(ctx);
    case 'fifo':
      return new FifoOrder(ctx);
    case 'causal':
      return new CausalOrder(ctx);
    case 'total-sequencer':
      return new SequencerOrder(ctx);
    case 'total-isis':
      return new IsisOrder(ctx);
  }
}
