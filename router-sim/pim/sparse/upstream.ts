import type { Clock } from '../../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { Countdown } from '../common/countdown.js';
import { runningTimers } from './running-timers.js';

/**
 * The upstream Join/Prune state machine of (*,G) (RFC 7761 §4.5.6) and (S,G) (§4.5.7): the two tables
 * are the same, X standing for (*,G) or (S,G). JoinDesired(X) is evaluated by the entry and fed as
 * its level: a cell exists only where the level differs from the state, so re-feeding it changes
 * nothing. The "See" events cover every message the RFC lists for the machine: Join(X) suppresses,
 * and Prune(X), Prune(S,G,rpt) and Prune(*,G) to RPF'(X) call for an override.
 *
 * There is no Assert in this sparse mode, so RPF'(X) never changes "due to an Assert".
 */
export type UpstreamState = 'NotJoined' | 'Joined';

export type UpstreamEvent =
  | 'JoinDesired(X) -> TRUE'
  | 'JoinDesired(X) -> FALSE'
  | 'Join Timer expires'
  | "See Join(X) to RPF'(X)"
  | "See Prune to RPF'(X)"
  | "RPF'(X) changes not due to an Assert"
  | "RPF'(X) GenID changes";

export type UpstreamAction =
  | "send Join(X) to RPF'(X)"
  | "send Prune(X) to RPF'(X)"
  | "send Prune(X) to the old RPF'(X)"
  | 'set SPTbit(S,G) to FALSE'
  | 'set Join Timer to t_periodic'
  | 'increase Join Timer to t_suppressed'
  | 'decrease Join Timer to t_override'
  | 'cancel Join Timer';

export const UPSTREAM_TRANSITIONS: TransitionTable<UpstreamState, UpstreamEvent, UpstreamAction> = {
  NotJoined: {
    'JoinDesired(X) -> TRUE': {
      actions: ["send Join(X) to RPF'(X)", 'set Join Timer to t_periodic'],
      next: 'Joined',
    },
  },
  Joined: {
    'JoinDesired(X) -> FALSE': {
      actions: ["send Prune(X) to RPF'(X)", 'set SPTbit(S,G) to FALSE', 'cancel Join Timer'],
      next: 'NotJoined',
    },
    'Join Timer expires': {
      actions: ["send Join(X) to RPF'(X)", 'set Join Timer to t_periodic'],
      next: 'Joined',
    },
    "See Join(X) to RPF'(X)": { actions: ['increase Join Timer to t_suppressed'], next: 'Joined' },
    "See Prune to RPF'(X)": { actions: ['decrease Join Timer to t_override'], next: 'Joined' },
    "RPF'(X) changes not due to an Assert": {
      actions: [
        "send Join(X) to RPF'(X)",
        "send Prune(X) to the old RPF'(X)",
        'set Join Timer to t_periodic',
      ],
      next: 'Joined',
    },
    "RPF'(X) GenID changes": { actions: ['decrease Join Timer to t_override'], next: 'Joined' },
  },
};

/** Where an upstream message goes: RPF'(X) and the interface it is on. */
export interface UpstreamNeighbor {
  vif: number;
  address: string;
}

export interface UpstreamContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  /** t_periodic. */
  period: number;
  /** A fresh t_suppressed, or 0 where Join suppression is off (§4.5.6). */
  suppressed(): number;
  /** A fresh t_override: random below the Effective_Override_Interval of the RPF interface. */
  override(): number;
  /** `to` undefined: RPF'(X) is NULL (the RP for (*,G), a directly connected S), and nothing is sent. */
  sendJoin(to: UpstreamNeighbor | undefined): void;
  sendPrune(to: UpstreamNeighbor | undefined): void;
  /** Only (S,G) has an SPTbit; (*,G) leaves this out. */
  clearSptBit?(): void;
}

export interface UpstreamTimers {
  'Join Timer'?: number;
}

export class UpstreamMachine {
  private readonly machine: StateMachine<UpstreamState, UpstreamEvent, UpstreamAction>;
  private readonly joinTimer: Countdown;
  private rpfPrime: UpstreamNeighbor | undefined;
  private oldRpfPrime: UpstreamNeighbor | undefined;

  constructor(
    private readonly context: UpstreamContext,
    rpfPrime: UpstreamNeighbor | undefined,
  ) {
    this.rpfPrime = rpfPrime;
    this.machine = new StateMachine(
      UPSTREAM_TRANSITIONS,
      'NotJoined',
      (action) => this.perform(action),
      context.observed,
    );
    this.joinTimer = new Countdown(context.clock, () => this.handle('Join Timer expires'));
  }

  get state(): UpstreamState {
    return this.machine.state;
  }

  get neighbor(): UpstreamNeighbor | undefined {
    return this.rpfPrime;
  }

  handle(event: UpstreamEvent): void {
    this.machine.handle(event);
  }

  joinDesired(desired: boolean): void {
    this.handle(desired ? 'JoinDesired(X) -> TRUE' : 'JoinDesired(X) -> FALSE');
  }

  /** RPF'(X) is now `to` (the MRIB changed); the machine hears of it only if it really moved. */
  rpfPrimeChanged(to: UpstreamNeighbor | undefined): void {
    const from = this.rpfPrime;
    if (from?.vif === to?.vif && from?.address === to?.address) return;
    this.oldRpfPrime = from;
    this.rpfPrime = to;
    this.handle("RPF'(X) changes not due to an Assert");
  }

  /**
   * Lets this Join ride in a message going to RPF'(X) anyway, when its own Join Timer has at most half
   * of t_periodic left (the Join goes a little early, which the RFC allows): the entries towards one
   * neighbor soon share one periodic message. True when it joined.
   */
  piggyback(): boolean {
    if (this.state !== 'Joined') return false;
    if ((this.joinTimer.remaining() ?? 0) > this.context.period / 2) return false;
    this.joinTimer.set(this.context.period);
    return true;
  }

  cancelTimers(): void {
    this.joinTimer.cancel();
  }

  timers(): UpstreamTimers {
    return runningTimers({ 'Join Timer': this.joinTimer });
  }

  private perform(action: UpstreamAction): void {
    const { context, joinTimer } = this;
    switch (action) {
      case "send Join(X) to RPF'(X)":
        context.sendJoin(this.rpfPrime);
        return;
      case "send Prune(X) to RPF'(X)":
        context.sendPrune(this.rpfPrime);
        return;
      case "send Prune(X) to the old RPF'(X)":
        context.sendPrune(this.oldRpfPrime);
        return;
      case 'set SPTbit(S,G) to FALSE':
        context.clearSptBit?.();
        return;
      case 'set Join Timer to t_periodic':
        joinTimer.set(context.period);
        return;
      case 'increase Join Timer to t_suppressed': {
        const suppressed = context.suppressed();
        if ((joinTimer.remaining() ?? 0) < suppressed) joinTimer.set(suppressed);
        return;
      }
      case 'decrease Join Timer to t_override': {
        const override = context.override();
        if ((joinTimer.remaining() ?? 0) > override) joinTimer.set(override);
        return;
      }
      case 'cancel Join Timer':
        joinTimer.cancel();
        return;
    }
  }
}
