import type { Clock } from '../../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { Countdown } from '../common/countdown.js';
import { runningTimers } from './running-timers.js';

/**
 * The DR's per-(S,G) Register state machine (RFC 7761 §4.4.1). In Join the register tunnel is in the
 * (S,G) forwarding entry: the plane hands its packets up (WHOLEPKT) and the router unicasts them to the
 * RP in Registers. A Register-Stop prunes the tunnel for a random Register_Suppression_Time, at the end
 * of which a Null-Register probes the RP: a Register-Stop answering it keeps the tunnel pruned, silence
 * for Register_Probe_Time joins it again. CouldRegister(S,G) is fed as a level, as for `upstream.ts`.
 *
 * The RP is static here, so the RFC's "RP changed" event never happens.
 */
export type RegisterState = 'NoInfo' | 'Join' | 'Join-Pending' | 'Prune';

export type RegisterEvent =
  | 'CouldRegister -> TRUE'
  | 'CouldRegister -> FALSE'
  | 'Register-Stop Timer expires'
  | 'Receive Register-Stop';

export type RegisterAction =
  | 'add reg tunnel'
  | 'remove reg tunnel'
  | 'send Null-Register'
  | 'set Register-Stop Timer to Register_Probe_Time'
  | 'set Register-Stop Timer to the suppression time'
  | 'cancel Register-Stop Timer';

export const REGISTER_TRANSITIONS: TransitionTable<RegisterState, RegisterEvent, RegisterAction> = {
  NoInfo: {
    'CouldRegister -> TRUE': { actions: ['add reg tunnel'], next: 'Join' },
  },
  Join: {
    'CouldRegister -> FALSE': { actions: ['remove reg tunnel'], next: 'NoInfo' },
    'Receive Register-Stop': {
      actions: ['remove reg tunnel', 'set Register-Stop Timer to the suppression time'],
      next: 'Prune',
    },
  },
  'Join-Pending': {
    'CouldRegister -> FALSE': { actions: ['cancel Register-Stop Timer'], next: 'NoInfo' },
    'Register-Stop Timer expires': { actions: ['add reg tunnel'], next: 'Join' },
    'Receive Register-Stop': { actions: ['set Register-Stop Timer to the suppression time'], next: 'Prune' },
  },
  Prune: {
    'CouldRegister -> FALSE': { actions: ['cancel Register-Stop Timer'], next: 'NoInfo' },
    'Register-Stop Timer expires': {
      actions: ['send Null-Register', 'set Register-Stop Timer to Register_Probe_Time'],
      next: 'Join-Pending',
    },
  },
};

export interface RegisterContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  /** Register_Probe_Time. */
  probeTime: number;
  /** rand(0.5, 1.5) × Register_Suppression_Time − Register_Probe_Time, drawn anew. */
  suppressionTime(): number;
  sendNullRegister(): void;
  /** After every transition: the tunnel is in the forwarding entry exactly in Join. */
  changed(): void;
}

export interface RegisterTimers {
  'Register-Stop Timer'?: number;
}

export class RegisterMachine {
  private readonly machine: StateMachine<RegisterState, RegisterEvent, RegisterAction>;
  private readonly registerStop: Countdown;

  constructor(private readonly context: RegisterContext) {
    this.machine = new StateMachine(
      REGISTER_TRANSITIONS,
      'NoInfo',
      (action) => this.perform(action),
      context.observed,
    );
    this.registerStop = new Countdown(context.clock, () => this.handle('Register-Stop Timer expires'));
  }

  get state(): RegisterState {
    return this.machine.state;
  }

  handle(event: RegisterEvent): void {
    if (this.machine.handle(event)) this.context.changed();
  }

  couldRegister(could: boolean): void {
    this.handle(could ? 'CouldRegister -> TRUE' : 'CouldRegister -> FALSE');
  }

  cancelTimers(): void {
    this.registerStop.cancel();
  }

  timers(): RegisterTimers {
    return runningTimers({ 'Register-Stop Timer': this.registerStop });
  }

  private perform(action: RegisterAction): void {
    switch (action) {
      case 'add reg tunnel':
      case 'remove reg tunnel':
        // The state says it: `changed` reprograms the entry.
        return;
      case 'send Null-Register':
        this.context.sendNullRegister();
        return;
      case 'set Register-Stop Timer to Register_Probe_Time':
        this.registerStop.set(this.context.probeTime);
        return;
      case 'set Register-Stop Timer to the suppression time':
        this.registerStop.set(this.context.suppressionTime());
        return;
      case 'cancel Register-Stop Timer':
        this.registerStop.cancel();
        return;
    }
  }
}
