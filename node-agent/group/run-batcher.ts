import type { Clock, Timer } from '../../common/clock.js';
import type { MessageRef } from '../wire/messages.js';

/** Most messages one run names (its count is 16 bits on the wire). */
const MAX_RUN = 0xffff;

interface Run<V> {
  ref: MessageRef;
  /** One per message of the run, in sequence. */
  values: V[];
}

/**
 * Control messages about consecutive messages of one sender stream, to one destination, go out as one
 * naming the run once the moment they were made in is over (a zero-delay timer): a burst costs one
 * message, not one per data message. Total-sequencer ORDERs, ISIS proposals (whose numbers must be
 * consecutive too: the wire carries the first) and ISIS agreed numbers use it.
 */
export class RunBatcher<K, V> {
  private readonly runs = new Map<K, Run<V>>();
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly send: (key: K, ref: MessageRef, values: V[]) => void,
    /** Whether `next` may follow `last` in one run. */
    private readonly follows: (last: V, next: V) => boolean = () => true,
  ) {}

  add(key: K, ref: MessageRef, value: V): void {
    const run = this.runs.get(key);
    const last = run?.values[run.values.length - 1];
    const continues =
      run !== undefined &&
      last !== undefined &&
      run.ref.sender === ref.sender &&
      run.ref.inc === ref.inc &&
      run.ref.seq + run.values.length === ref.seq &&
      run.values.length < MAX_RUN &&
      this.follows(last, value);
    if (run && continues) {
      run.values.push(value);
      return;
    }
    if (run) this.sendRun(key, run);
    this.runs.set(key, { ref, values: [value] });
    this.timer ??= this.clock.setTimer(0, () => {
      this.timer = undefined;
      this.flush();
    });
  }

  /** Sends every run now (the member leaves). */
  flush(): void {
    for (const [key, run] of this.runs) this.sendRun(key, run);
  }

  /** Forgets the runs (the member stops: what it would have said is said again by the protocols). */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.runs.clear();
  }

  private sendRun(key: K, run: Run<V>): void {
    this.runs.delete(key);
    this.send(key, run.ref, run.values);
  }
}
