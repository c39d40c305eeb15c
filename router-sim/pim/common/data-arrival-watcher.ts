import type { Clock } from '../../../common/clock.js';
import type { ForwardingPlane, MrouteCounters } from '../../fib/forwarding-plane.js';
import { Countdown } from './countdown.js';

/**
 * How a PIM router learns that data flows: the plane forwards without telling it, so it reads the
 * (S,G) entries' counters every data poll interval and hands them to `seen` while it watches.
 */
export class DataArrivalWatcher {
  private readonly poll: Countdown;
  private watching = false;

  constructor(
    clock: Clock,
    private readonly plane: ForwardingPlane,
    private readonly interval: number,
    private readonly seen: (routes: MrouteCounters[]) => void,
  ) {
    this.poll = new Countdown(clock, () => this.read());
  }

  /** Reads the counters now, and again every interval. */
  start(): void {
    this.watching = true;
    this.read();
  }

  stop(): void {
    this.watching = false;
    this.poll.cancel();
  }

  private read(): void {
    this.poll.set(this.interval);
    this.plane.routes().then(
      (routes) => {
        if (this.watching) this.seen(routes);
      },
      // Counters the plane cannot read now are read next time.
      () => {},
    );
  }
}
