import type { Clock, Timer } from '../../../common/clock.js';

/** A protocol timer that can be set, reset and cancelled, and says whether it runs and for how long. */
export class Countdown {
  private timer: Timer | undefined;
  private deadline: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly expire: () => void,
  ) {}

  /** Sets (or resets) the timer to expire `ms` from now. */
  set(ms: number): void {
    this.timer?.cancel();
    const delay = Math.max(0, ms);
    this.deadline = this.clock.now() + delay;
    this.timer = this.clock.setTimer(delay, () => {
      this.timer = undefined;
      this.deadline = undefined;
      this.expire();
    });
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.deadline = undefined;
  }

  get running(): boolean {
    return this.deadline !== undefined;
  }

  /** Milliseconds left; undefined when the timer is not running. */
  remaining(): number | undefined {
    return this.deadline === undefined ? undefined : Math.max(0, this.deadline - this.clock.now());
  }
}
