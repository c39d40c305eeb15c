import type { Clock } from '../../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { Countdown } from '../common/countdown.js';
import { runningTimers } from './running-timers.js';

/**
 * The downstream Join/Prune state machine of one interface, for (*,G) (RFC 7761 §4.5.2) and (S,G)
 * (§4.5.3): the two tables are the same, X below standing for (*,G) or (S,G). Messages count only when
 * their Upstream Neighbor Address names this router on the interface. The (S,G,rpt) machine
 * (§4.5.4, `rpt-downstream.ts`) has other states but the same timers, and runs on the same class.
 */
export type DownstreamState = 'NoInfo' | 'Join' | 'Prune-Pending';

export type DownstreamEvent = 'Receive Join(X)' | 'Receive Prune(X)' | DownstreamTimerEvent;

/** The events of the two timers every downstream machine has. */
export type DownstreamTimerEvent = 'Prune-Pending Timer expires' | 'Expiry Timer expires';

export type DownstreamAction =
  | 'start Expiry Timer'
  | "raise Expiry Timer to the message's HoldTime"
  | 'cancel Expiry Timer'
  | 'start Prune-Pending Timer'
  | 'cancel Prune-Pending Timer'
  | 'send PruneEcho(X)';

export const DOWNSTREAM_TRANSITIONS: TransitionTable<DownstreamState, DownstreamEvent, DownstreamAction> = {
  NoInfo: {
    'Receive Join(X)': { actions: ['start Expiry Timer'], next: 'Join' },
  },
  Join: {
    'Receive Join(X)': { actions: ["raise Expiry Timer to the message's HoldTime"], next: 'Join' },
    'Receive Prune(X)': { actions: ['start Prune-Pending Timer'], next: 'Prune-Pending' },
    'Expiry Timer expires': { actions: [], next: 'NoInfo' },
  },
  'Prune-Pending': {
    'Receive Join(X)': {
      actions: ['cancel Prune-Pending Timer', "raise Expiry Timer to the message's HoldTime"],
      next: 'Join',
    },
    'Prune-Pending Timer expires': { actions: ['cancel Expiry Timer', 'send PruneEcho(X)'], next: 'NoInfo' },
    'Expiry Timer expires': { actions: ['cancel Prune-Pending Timer'], next: 'NoInfo' },
  },
};

export interface DownstreamContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  /** J/P_Override_Interval(I) when the interface has more than one neighbor, else 0 (§4.5.2). */
  prunePendingTime(): number;
  /** A Prune naming this router, sent on the interface when other routers there may need to override. */
  sendPruneEcho(): void;
  /** After every transition: the state decides whether the interface is in joins(X) or prunes(S,G,rpt). */
  changed(): void;
}

export interface DownstreamTimers {
  'Expiry Timer'?: number;
  'Prune-Pending Timer'?: number;
}

/** A downstream machine running `table`, with its Expiry and Prune-Pending Timers. */
export class DownstreamMachine<State extends string, Event extends string> {
  private readonly machine: StateMachine<State, Event | DownstreamTimerEvent, DownstreamAction>;
  private readonly expiry: Countdown;
  private readonly prunePending: Countdown;
  private holdtime = 0;

  constructor(
    table: TransitionTable<State, Event | DownstreamTimerEvent, DownstreamAction>,
    initial: State,
    private readonly context: DownstreamContext,
  ) {
    this.machine = new StateMachine(table, initial, (action) => this.perform(action), context.observed);
    this.expiry = new Countdown(context.clock, () => this.handle('Expiry Timer expires'));
    this.prunePending = new Countdown(context.clock, () => this.handle('Prune-Pending Timer expires'));
  }

  get state(): State {
    return this.machine.state;
  }

  /** `holdtimeMs`: the received message's HoldTime, for the Expiry Timer. */
  handle(event: Event | DownstreamTimerEvent, holdtimeMs = this.holdtime): void {
    this.holdtime = holdtimeMs;
    if (this.machine.handle(event)) this.context.changed();
  }

  cancelTimers(): void {
    this.expiry.cancel();
    this.prunePending.cancel();
  }

  timers(): DownstreamTimers {
    return runningTimers({ 'Expiry Timer': this.expiry, 'Prune-Pending Timer': this.prunePending });
  }

  private perform(action: DownstreamAction): void {
    switch (action) {
      case 'start Expiry Timer':
        this.expiry.set(this.holdtime);
        return;
      case "raise Expiry Timer to the message's HoldTime":
        if ((this.expiry.remaining() ?? 0) < this.holdtime) this.expiry.set(this.holdtime);
        return;
      case 'cancel Expiry Timer':
        this.expiry.cancel();
        return;
      case 'start Prune-Pending Timer':
        this.prunePending.set(this.context.prunePendingTime());
        return;
      case 'cancel Prune-Pending Timer':
        this.prunePending.cancel();
        return;
      case 'send PruneEcho(X)':
        this.context.sendPruneEcho();
        return;
    }
  }
}

/** The (*,G) or (S,G) machine of one interface. */
export type JoinDownstreamMachine = DownstreamMachine<DownstreamState, DownstreamEvent>;

export function joinDownstream(context: DownstreamContext): JoinDownstreamMachine {
  return new DownstreamMachine(DOWNSTREAM_TRANSITIONS, 'NoInfo', context);
}

/** In joins(X) (§4.1.6): Join or Prune-Pending. */
export function isJoined(state: DownstreamState): boolean {
  return state !== 'NoInfo';
}
