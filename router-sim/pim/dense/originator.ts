import type { Clock } from '../../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { Countdown } from '../common/countdown.js';
import type { PimTimers } from '../common/timers.js';

/** The State Refresh Originator state machine of a router directly connected to S (RFC 3973 §4.5). */
export type OriginatorState = 'NotOriginator' | 'Originator';

export type OriginatorEvent =
  | 'Receive Data from S AND S directly connected'
  | 'SRT(S,G) expires'
  | 'SAT(S,G) expires'
  | 'S no longer directly connected';

export type OriginatorAction =
  | 'set SRT(S,G)'
  | 'cancel SRT(S,G)'
  | 'set SAT(S,G)'
  | 'cancel SAT(S,G)'
  | 'send State Refresh(S,G)';

export const ORIGINATOR_TRANSITIONS: TransitionTable<OriginatorState, OriginatorEvent, OriginatorAction> = {
  NotOriginator: {
    'Receive Data from S AND S directly connected': {
      actions: ['set SRT(S,G)', 'set SAT(S,G)'],
      next: 'Originator',
    },
  },
  Originator: {
    'Receive Data from S AND S directly connected': { actions: ['set SAT(S,G)'], next: 'Originator' },
    'SRT(S,G) expires': { actions: ['send State Refresh(S,G)', 'set SRT(S,G)'], next: 'Originator' },
    'SAT(S,G) expires': { actions: ['cancel SRT(S,G)'], next: 'NotOriginator' },
    'S no longer directly connected': {
      actions: ['cancel SRT(S,G)', 'cancel SAT(S,G)'],
      next: 'NotOriginator',
    },
  },
};

export interface OriginatorContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  timers: Pick<PimTimers, 'sourceLifetime'>;
  stateRefreshIntervalSeconds: number;
  /** Out of every interface but the RPF one, as if forwarded (§4.5). */
  sendStateRefresh(): void;
}

export class OriginatorMachine {
  private readonly machine: StateMachine<OriginatorState, OriginatorEvent, OriginatorAction>;
  /** State Refresh Timer. */
  private readonly srt: Countdown;
  /** Source Active Timer. */
  private readonly sat: Countdown;

  constructor(private readonly context: OriginatorContext) {
    this.machine = new StateMachine(
      ORIGINATOR_TRANSITIONS,
      'NotOriginator',
      (action) => this.perform(action),
      context.observed,
    );
    this.srt = new Countdown(context.clock, () => this.handle('SRT(S,G) expires'));
    this.sat = new Countdown(context.clock, () => this.handle('SAT(S,G) expires'));
  }

  get state(): OriginatorState {
    return this.machine.state;
  }

  handle(event: OriginatorEvent): void {
    this.machine.handle(event);
  }

  cancelTimers(): void {
    this.srt.cancel();
    this.sat.cancel();
  }

  timers(): { SAT?: number; SRT?: number } {
    const SAT = this.sat.remaining();
    const SRT = this.srt.remaining();
    return { ...(SAT !== undefined && { SAT }), ...(SRT !== undefined && { SRT }) };
  }

  private perform(action: OriginatorAction): void {
    switch (action) {
      case 'set SRT(S,G)':
        this.srt.set(this.context.stateRefreshIntervalSeconds * 1000);
        return;
      case 'cancel SRT(S,G)':
        this.srt.cancel();
        return;
      case 'set SAT(S,G)':
        this.sat.set(this.context.timers.sourceLifetime);
        return;
      case 'cancel SAT(S,G)':
        this.sat.cancel();
        return;
      case 'send State Refresh(S,G)':
        this.context.sendStateRefresh();
        return;
    }
  }
}
