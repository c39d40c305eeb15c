import type { DataMessage } from '../wire/messages.js';
import { Orderer, type Sequenced } from './orderer.js';

/**
 * FIFO: the channel's per-sender sequence order is FIFO order already (its hold-back queue waits for
 * gaps), so each message is delivered as it is handed over.
 */
export class FifoOrder<M extends Sequenced = DataMessage> extends Orderer<M> {
  sent(message: M): void {
    this.ctx.deliver(message);
  }

  received(message: M): void {
    this.ctx.deliver(message);
  }
}
