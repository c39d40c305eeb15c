import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/sim/random.js';
import type { Hello, HelloOptions } from '../../wire/pim/message.js';
import { Countdown } from './countdown.js';
import type { PimTimers } from './timers.js';

export interface HelloSenderOptions {
  clock: Clock;
  random: Random;
  timers: Pick<PimTimers, 'helloPeriod' | 'triggeredHelloDelay' | 'helloHoldtimeSeconds'>;
  /** What the Hellos carry besides Holdtime and Generation ID. */
  options: Omit<HelloOptions, 'holdtime' | 'generationId'>;
  send(hello: Hello): void;
}

/**
 * The Hellos of one interface (RFC 3973 §4.3.1, RFC 7761 §4.3.1): the first within a random
 * Triggered_Hello_Delay of starting, then one every Hello_Period, one sooner when a neighbor appears
 * or restarts, and a goodbye with Holdtime 0 on stopping. The Generation ID is drawn anew at each
 * start, so neighbors see a restart.
 */
export class HelloSender {
  private readonly helloTimer: Countdown;
  private running = false;
  private genId = 0;

  constructor(private readonly options: HelloSenderOptions) {
    this.helloTimer = new Countdown(options.clock, () => this.sendHello());
  }

  get generationId(): number {
    return this.genId;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.genId = this.options.random.int(2 ** 32);
    this.helloTimer.set(this.triggeredDelay());
  }

  /** A new or restarted neighbor: a Hello within Triggered_Hello_Delay, unless one is due sooner. */
  triggered(): void {
    if (!this.running) return;
    const delay = this.triggeredDelay();
    if ((this.helloTimer.remaining() ?? Number.POSITIVE_INFINITY) > delay) this.helloTimer.set(delay);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.helloTimer.cancel();
    this.send(0);
  }

  private sendHello(): void {
    this.send(this.options.timers.helloHoldtimeSeconds);
    this.helloTimer.set(this.options.timers.helloPeriod);
  }

  private send(holdtime: number): void {
    this.options.send({
      type: 'hello',
      options: { holdtime, generationId: this.genId, ...this.options.options },
    });
  }

  private triggeredDelay(): number {
    return this.options.random.next() * this.options.timers.triggeredHelloDelay;
  }
}
