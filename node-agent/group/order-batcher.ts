import type { Clock, Timer } from '../../common/clock.js';
import type { MessageRef } from '../wire/messages.js';

/** Most messages one ORDER names (its count is 16 bits). */
const MAX_RUN = 0xffff;

/**
 * Total-sequencer: the sequencer's ORDERs for consecutive messages of one sender stream go out as one
 * ORDER naming the run, once the moment they were made in is over (a zero-delay timer): a burst costs
 * one ORDER, not one per message, and every member applies it message by message, in turn.
 */
export class OrderBatcher {
  private run: { ref: MessageRef; count: number } | undefined;
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly send: (ref: MessageRef, count: number) => void,
  ) {}

  add(ref: MessageRef): void {
    const run = this.run;
    const continues =
      run?.ref.sender === ref.sender &&
      run.ref.inc === ref.inc &&
      run.ref.seq + run.count === ref.seq &&
      run.count < MAX_RUN;
    if (run && continues) {
      run.count++;
      return;
    }
    this.flush();
    this.run = { ref, count: 1 };
    this.timer = this.clock.setTimer(0, () => this.flush());
  }

  /** Forgets the run (the member stops: what it ordered is its successor's to order again). */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.run = undefined;
  }

  /** Sends the run now (the member leaves, or a different run starts). */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const run = this.run;
    this.run = undefined;
    if (run) this.send(run.ref, run.count);
  }
}
