import type { DataMessage } from '../wire/messages.js';
import { Orderer } from './orderer.js';

/**
 * FIFO: the channel's per-sender sequence order is FIFO order already (its hold-back queue waits for
 * gaps), so each message is delivered as it is handed over.
 */
export class FifoOrder extends Orderer {
  sent(message: DataMessage): void {
    this.ctx.deliver(message);
  }

  received(message: DataMessage): void {
    this.ctx.deliver(message);
  }
}
