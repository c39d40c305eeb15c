import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/sim/random.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { Countdown } from '../common/countdown.js';
import type { PimTimers } from '../common/timers.js';

/** The Upstream(S,G) state machine of the RPF interface (RFC 3973 §4.4.1). */
export type UpstreamState = 'Forwarding' | 'Pruned' | 'AckPending';

export type UpstreamEvent =
  | 'Data arrives on RPF_Interface(S), olist(S,G) NULL, PLT(S,G) not running'
  | "State Refresh(S,G) from RPF'(S), Prune Indicator 1"
  | "State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running"
  | "See Join(S,G) to RPF'(S)"
  | 'See Prune(S,G)'
  | 'OT(S,G) expires'
  | 'olist(S,G) -> NULL'
  | 'olist(S,G) -> non-NULL'
  | "RPF'(S) changes, olist(S,G) non-NULL"
  | "RPF'(S) changes, olist(S,G) NULL"
  | 'S becomes directly connected'
  | 'GRT(S,G) expires'
  | "Graft Ack(S,G) from RPF'(S)"
  | "RPF'(S) restarts";

export type UpstreamAction =
  | 'send Prune(S,G)'
  | 'send Join(S,G)'
  | 'send Graft(S,G)'
  | 'set PLT(S,G)'
  | 'cancel PLT(S,G)'
  | "raise PLT(S,G) to the Prune's Holdtime"
  | 'set OT(S,G) unless running'
  | 'cancel OT(S,G)'
  | 'set GRT(S,G)'
  | 'cancel GRT(S,G)';

/**
 * §4.4.1's table. Cells the RFC marks "no change" or N/A are left out. When S is directly connected
 * there is no one upstream, and the router raises none of the events that would send something.
 *
 * `RPF'(S) restarts` is not in the RFC's table: a new Generation ID from RPF'(S) means it lost its
 * state (§4.3), the Prune we sent included, so PLT(S,G) must not hold back the next one.
 */
export const UPSTREAM_TRANSITIONS: TransitionTable<UpstreamState, UpstreamEvent, UpstreamAction> = {
  Forwarding: {
    'Data arrives on RPF_Interface(S), olist(S,G) NULL, PLT(S,G) not running': {
      actions: ['send Prune(S,G)', 'set PLT(S,G)'],
      next: 'Pruned',
    },
    "State Refresh(S,G) from RPF'(S), Prune Indicator 1": {
      actions: ['set OT(S,G) unless running'],
      next: 'Forwarding',
    },
    "See Join(S,G) to RPF'(S)": { actions: ['cancel OT(S,G)'], next: 'Forwarding' },
    'See Prune(S,G)': { actions: ['set OT(S,G) unless running'], next: 'Forwarding' },
    'OT(S,G) expires': { actions: ['send Join(S,G)'], next: 'Forwarding' },
    'olist(S,G) -> NULL': { actions: ['send Prune(S,G)', 'set PLT(S,G)'], next: 'Pruned' },
    "RPF'(S) changes, olist(S,G) non-NULL": {
      actions: ['send Graft(S,G)', 'set GRT(S,G)'],
      next: 'AckPending',
    },
    "RPF'(S) changes, olist(S,G) NULL": { actions: [], next: 'Pruned' },
  },
  Pruned: {
    'Data arrives on RPF_Interface(S), olist(S,G) NULL, PLT(S,G) not running': {
      actions: ['send Prune(S,G)', 'set PLT(S,G)'],
      next: 'Pruned',
    },
    "State Refresh(S,G) from RPF'(S), Prune Indicator 1": { actions: ['set PLT(S,G)'], next: 'Pruned' },
    "State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running": {
      actions: ['send Prune(S,G)', 'set PLT(S,G)'],
      next: 'Pruned',
    },
    'See Prune(S,G)': { actions: ["raise PLT(S,G) to the Prune's Holdtime"], next: 'Pruned' },
    'olist(S,G) -> non-NULL': {
      actions: ['cancel PLT(S,G)', 'send Graft(S,G)', 'set GRT(S,G)'],
      next: 'AckPending',
    },
    "RPF'(S) changes, olist(S,G) non-NULL": {
      actions: ['cancel PLT(S,G)', 'send Graft(S,G)', 'set GRT(S,G)'],
      next: 'AckPending',
    },
    "RPF'(S) changes, olist(S,G) NULL": { actions: ['cancel PLT(S,G)'], next: 'Pruned' },
    "RPF'(S) restarts": { actions: ['cancel PLT(S,G)'], next: 'Pruned' },
  },
  AckPending: {
    "State Refresh(S,G) from RPF'(S), Prune Indicator 1": {
      actions: ['set OT(S,G) unless running'],
      next: 'AckPending',
    },
    "State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running": {
      actions: ['cancel GRT(S,G)'],
      next: 'Forwarding',
    },
    "See Join(S,G) to RPF'(S)": { actions: ['cancel OT(S,G)'], next: 'AckPending' },
    'See Prune(S,G)': { actions: ['set OT(S,G) unless running'], next: 'AckPending' },
    'OT(S,G) expires': { actions: ['send Join(S,G)'], next: 'AckPending' },
    'olist(S,G) -> NULL': {
      actions: ['send Prune(S,G)', 'set PLT(S,G)', 'cancel GRT(S,G)'],
      next: 'Pruned',
    },
    "RPF'(S) changes, olist(S,G) non-NULL": {
      actions: ['send Graft(S,G)', 'set GRT(S,G)'],
      next: 'AckPending',
    },
    "RPF'(S) changes, olist(S,G) NULL": { actions: ['cancel GRT(S,G)'], next: 'Pruned' },
    'S becomes directly connected': { actions: ['cancel GRT(S,G)'], next: 'Forwarding' },
    'GRT(S,G) expires': { actions: ['send Graft(S,G)', 'set GRT(S,G)'], next: 'AckPending' },
    "Graft Ack(S,G) from RPF'(S)": { actions: ['cancel GRT(S,G)'], next: 'Forwarding' },
  },
};

export interface UpstreamContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  random: Random;
  timers: Pick<PimTimers, 'pruneLimit' | 'graftRetryPeriod'>;
  /** Effective_Override_Interval of the RPF interface: OT(S,G) is set to a random t_override below it. */
  overrideInterval(): number;
  /** To RPF'(S), on the RPF interface. */
  sendPrune(): void;
  sendJoin(): void;
  sendGraft(): void;
}

export interface UpstreamTimers {
  GRT?: number;
  OT?: number;
  PLT?: number;
}

export class UpstreamMachine {
  private readonly machine: StateMachine<UpstreamState, UpstreamEvent, UpstreamAction>;
  /** Graft Retry Timer. */
  private readonly grt: Countdown;
  /** Upstream Override Timer. */
  private readonly ot: Countdown;
  /** Prune Limit Timer. */
  private readonly plt: Countdown;
  private seenPruneHoldtime = 0;

  constructor(private readonly context: UpstreamContext) {
    const { clock } = context;
    this.machine = new StateMachine(
      UPSTREAM_TRANSITIONS,
      'Forwarding',
      (action) => this.perform(action),
      context.observed,
    );
    this.grt = new Countdown(clock, () => this.handle('GRT(S,G) expires'));
    this.ot = new Countdown(clock, () => this.handle('OT(S,G) expires'));
    // PLT only limits Prunes: its expiry is no event.
    this.plt = new Countdown(clock, () => {});
  }

  get state(): UpstreamState {
    return this.machine.state;
  }

  get pruneLimitRunning(): boolean {
    return this.plt.running;
  }

  handle(event: UpstreamEvent): void {
    this.machine.handle(event);
  }

  /** Another router's Prune(S,G) on the RPF interface, whoever it names (§4.4.1). */
  seePrune(holdtimeMs: number): void {
    this.seenPruneHoldtime = holdtimeMs;
    this.handle('See Prune(S,G)');
  }

  cancelTimers(): void {
    for (const timer of [this.grt, this.ot, this.plt]) timer.cancel();
  }

  timers(): UpstreamTimers {
    const [GRT, OT, PLT] = [this.grt, this.ot, this.plt].map((t) => t.remaining());
    return {
      ...(GRT !== undefined && { GRT }),
      ...(OT !== undefined && { OT }),
      ...(PLT !== undefined && { PLT }),
    };
  }

  private perform(action: UpstreamAction): void {
    const { context } = this;
    switch (action) {
      case 'send Prune(S,G)':
        context.sendPrune();
        return;
      case 'send Join(S,G)':
        context.sendJoin();
        return;
      case 'send Graft(S,G)':
        context.sendGraft();
        return;
      case 'set PLT(S,G)':
        this.plt.set(context.timers.pruneLimit);
        return;
      case 'cancel PLT(S,G)':
        this.plt.cancel();
        return;
      case "raise PLT(S,G) to the Prune's Holdtime":
        // The other router's Prune keeps the branch pruned as long as ours would (§4.4.1).
        if ((this.plt.remaining() ?? 0) < this.seenPruneHoldtime) this.plt.set(this.seenPruneHoldtime);
        return;
      case 'set OT(S,G) unless running':
        // t_override: random, so that one of several downstream routers overrides first (§4.4.1).
        if (!this.ot.running) this.ot.set(context.random.next() * context.overrideInterval());
        return;
      case 'cancel OT(S,G)':
        this.ot.cancel();
        return;
      case 'set GRT(S,G)':
        this.grt.set(context.timers.graftRetryPeriod);
        return;
      case 'cancel GRT(S,G)':
        this.grt.cancel();
        return;
    }
  }
}
