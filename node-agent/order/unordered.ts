import { FifoOrder } from './fifo.js';

/** Ordering `none`: the same immediate delivery as FIFO, but on first arrival rather than in sequence. */
export class Unordered extends FifoOrder {
  override readonly onArrival = true;
}
