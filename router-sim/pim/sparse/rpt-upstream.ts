import type { Clock } from '../../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { Countdown } from '../common/countdown.js';
import { runningTimers } from './running-timers.js';

/**
 * The (S,G,rpt) upstream state machine (RFC 7761 §4.5.9): whether S is pruned off the RP tree
 * towards RPF'(S,G,rpt), which is RPF'(*,G) here (no Assert). The entry feeds RPTJoinDesired(G),
 * PruneDesired(S,G,rpt) and whether inherited_olist(S,G,rpt) is empty as levels, as for `upstream.ts`.
 * A Pruned entry's Prune(S,G,rpt) also rides in every Join(*,G) to RPF'(*,G) (§4.5.8): the
 * Join/Prune sender adds it.
 */
export type RptUpstreamState = 'RPTNotJoined' | 'Pruned' | 'NotPruned';

export type RptUpstreamEvent =
  | 'PruneDesired(S,G,rpt) -> TRUE'
  | 'PruneDesired(S,G,rpt) -> FALSE'
  | 'RPTJoinDesired(G) -> FALSE'
  | 'inherited_olist(S,G,rpt) -> non-NULL'
  | 'Override Timer expires'
  | "See Prune(S,G,rpt) to RPF'(S,G,rpt)"
  | "See Join(S,G,rpt) to RPF'(S,G,rpt)"
  | "See Prune(S,G) to RPF'(S,G,rpt)"
  | "RPF'(S,G,rpt) changes";

export type RptUpstreamAction =
  | "send Prune(S,G,rpt) to RPF'(S,G,rpt)"
  | "send Join(S,G,rpt) to RPF'(S,G,rpt)"
  | 'decrease Override Timer to t_override'
  | 'cancel Override Timer';

export const RPT_UPSTREAM_TRANSITIONS: TransitionTable<
  RptUpstreamState,
  RptUpstreamEvent,
  RptUpstreamAction
> = {
  RPTNotJoined: {
    'PruneDesired(S,G,rpt) -> TRUE': { actions: [], next: 'Pruned' },
    'inherited_olist(S,G,rpt) -> non-NULL': { actions: [], next: 'NotPruned' },
  },
  Pruned: {
    'PruneDesired(S,G,rpt) -> FALSE': { actions: ["send Join(S,G,rpt) to RPF'(S,G,rpt)"], next: 'NotPruned' },
    'RPTJoinDesired(G) -> FALSE': { actions: [], next: 'RPTNotJoined' },
  },
  NotPruned: {
    'PruneDesired(S,G,rpt) -> TRUE': {
      actions: ["send Prune(S,G,rpt) to RPF'(S,G,rpt)", 'cancel Override Timer'],
      next: 'Pruned',
    },
    'RPTJoinDesired(G) -> FALSE': { actions: ['cancel Override Timer'], next: 'RPTNotJoined' },
    'Override Timer expires': { actions: ["send Join(S,G,rpt) to RPF'(S,G,rpt)"], next: 'NotPruned' },
    "See Prune(S,G,rpt) to RPF'(S,G,rpt)": {
      actions: ['decrease Override Timer to t_override'],
      next: 'NotPruned',
    },
    "See Join(S,G,rpt) to RPF'(S,G,rpt)": { actions: ['cancel Override Timer'], next: 'NotPruned' },
    "See Prune(S,G) to RPF'(S,G,rpt)": {
      actions: ['decrease Override Timer to t_override'],
      next: 'NotPruned',
    },
    "RPF'(S,G,rpt) changes": { actions: ['decrease Override Timer to t_override'], next: 'NotPruned' },
  },
};

export interface RptUpstreamContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  /** A fresh t_override for the RPF interface of the RP. */
  override(): number;
  sendPrune(): void;
  sendJoin(): void;
}

export interface RptUpstreamTimers {
  'Override Timer'?: number;
}

export class RptUpstreamMachine {
  private readonly machine: StateMachine<RptUpstreamState, RptUpstreamEvent, RptUpstreamAction>;
  private readonly overrideTimer: Countdown;

  constructor(private readonly context: RptUpstreamContext) {
    this.machine = new StateMachine(
      RPT_UPSTREAM_TRANSITIONS,
      'RPTNotJoined',
      (action) => this.perform(action),
      context.observed,
    );
    this.overrideTimer = new Countdown(context.clock, () => this.handle('Override Timer expires'));
  }

  get state(): RptUpstreamState {
    return this.machine.state;
  }

  handle(event: RptUpstreamEvent): void {
    this.machine.handle(event);
  }

  /** The macros as they now are (§4.5.9); only their changes move the machine. */
  evaluate(rptJoinDesired: boolean, pruneDesired: boolean, inheritedOlistEmpty: boolean): void {
    if (!rptJoinDesired) {
      this.handle('RPTJoinDesired(G) -> FALSE');
      return;
    }
    this.handle(pruneDesired ? 'PruneDesired(S,G,rpt) -> TRUE' : 'PruneDesired(S,G,rpt) -> FALSE');
    if (!inheritedOlistEmpty) this.handle('inherited_olist(S,G,rpt) -> non-NULL');
  }

  cancelTimers(): void {
    this.overrideTimer.cancel();
  }

  timers(): RptUpstreamTimers {
    return runningTimers({ 'Override Timer': this.overrideTimer });
  }

  private perform(action: RptUpstreamAction): void {
    switch (action) {
      case "send Prune(S,G,rpt) to RPF'(S,G,rpt)":
        this.context.sendPrune();
        return;
      case "send Join(S,G,rpt) to RPF'(S,G,rpt)":
        this.context.sendJoin();
        return;
      case 'decrease Override Timer to t_override': {
        const override = this.context.override();
        if ((this.overrideTimer.remaining() ?? Number.POSITIVE_INFINITY) > override)
          this.overrideTimer.set(override);
        return;
      }
      case 'cancel Override Timer':
        this.overrideTimer.cancel();
        return;
    }
  }
}
