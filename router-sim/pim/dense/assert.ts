import type { Clock } from '../../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { type AssertMetric, INFINITE_ASSERT_METRIC, isPreferred } from '../common/assert-metric.js';
import { Countdown } from '../common/countdown.js';
import type { PimTimers } from '../common/timers.js';

/** The (S,G) Assert state machine of one interface (RFC 3973 §4.6.1). */
export type AssertState = 'NoInfo' | 'Winner' | 'Loser';

export type AssertEvent =
  | 'An (S,G) data packet arrives on downstream interface I'
  | 'Receive inferior (Assert OR State Refresh) from Assert Winner'
  | 'Receive inferior (Assert OR State Refresh) from non-Assert Winner AND CouldAssert'
  | 'Receive preferred Assert OR State Refresh'
  | 'Send State Refresh(S,G) out I'
  | 'AT(S,G,I) expires'
  | 'CouldAssert -> FALSE'
  | 'CouldAssert -> TRUE'
  | "Winner's NLT(N,I) expires"
  | 'Receive Prune(S,G), Join(S,G) or Graft(S,G)';

export type AssertAction =
  | 'send Assert(S,G)'
  | 'set AT(S,G,I) to Assert_Time'
  | 'store the winner and set AT(S,G,I)'
  | 'send Prune(S,G) to the winner if CouldAssert'
  | 'set AT(S,G,I) to 3 × the State Refresh Interval'
  | 'forget the winner'
  | 'cancel AT(S,G,I)'
  | 'send AssertCancel(S,G)';

/**
 * §4.6.1's table. A loser must not forward on I (lost_assert, §4.1.3); on the RPF interface, where
 * CouldAssert is false, the winner is RPF'(S).
 */
export const ASSERT_TRANSITIONS: TransitionTable<AssertState, AssertEvent, AssertAction> = {
  NoInfo: {
    'An (S,G) data packet arrives on downstream interface I': {
      actions: ['send Assert(S,G)', 'set AT(S,G,I) to Assert_Time'],
      next: 'Winner',
    },
    'Receive inferior (Assert OR State Refresh) from non-Assert Winner AND CouldAssert': {
      actions: ['send Assert(S,G)', 'set AT(S,G,I) to Assert_Time'],
      next: 'Winner',
    },
    'Receive preferred Assert OR State Refresh': {
      actions: ['store the winner and set AT(S,G,I)', 'send Prune(S,G) to the winner if CouldAssert'],
      next: 'Loser',
    },
  },
  Winner: {
    'An (S,G) data packet arrives on downstream interface I': {
      actions: ['send Assert(S,G)', 'set AT(S,G,I) to Assert_Time'],
      next: 'Winner',
    },
    'Receive inferior (Assert OR State Refresh) from non-Assert Winner AND CouldAssert': {
      actions: ['send Assert(S,G)', 'set AT(S,G,I) to Assert_Time'],
      next: 'Winner',
    },
    'Receive preferred Assert OR State Refresh': {
      actions: ['store the winner and set AT(S,G,I)', 'send Prune(S,G) to the winner if CouldAssert'],
      next: 'Loser',
    },
    'Send State Refresh(S,G) out I': {
      actions: ['set AT(S,G,I) to 3 × the State Refresh Interval'],
      next: 'Winner',
    },
    'AT(S,G,I) expires': { actions: [], next: 'NoInfo' },
    'CouldAssert -> FALSE': { actions: ['send AssertCancel(S,G)', 'cancel AT(S,G,I)'], next: 'NoInfo' },
  },
  Loser: {
    'Receive preferred Assert OR State Refresh': {
      actions: ['store the winner and set AT(S,G,I)'],
      next: 'Loser',
    },
    'Receive inferior (Assert OR State Refresh) from Assert Winner': {
      actions: ['cancel AT(S,G,I)', 'forget the winner'],
      next: 'NoInfo',
    },
    'AT(S,G,I) expires': { actions: ['forget the winner'], next: 'NoInfo' },
    'CouldAssert -> FALSE': { actions: ['cancel AT(S,G,I)', 'forget the winner'], next: 'NoInfo' },
    'CouldAssert -> TRUE': { actions: ['cancel AT(S,G,I)', 'forget the winner'], next: 'NoInfo' },
    "Winner's NLT(N,I) expires": { actions: ['cancel AT(S,G,I)', 'forget the winner'], next: 'NoInfo' },
    // The downstream router has not heard who won: our Assert makes the winner answer with its own.
    'Receive Prune(S,G), Join(S,G) or Graft(S,G)': { actions: ['send Assert(S,G)'], next: 'Loser' },
  },
};

/** An Assert, or a State Refresh standing for one (§4.6): the sender's metric, and its interval. */
export interface AssertHeard {
  metric: AssertMetric;
  /** Set for a State Refresh: the AT then runs for three of its intervals. */
  stateRefreshIntervalSeconds?: number;
}

export interface AssertContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  timers: Pick<PimTimers, 'assertTime'>;
  /** CouldAssert(S,G,I): I is not the RPF interface (§4.6.5). */
  couldAssert(): boolean;
  /** spt_assert_metric(S,I): our route to S, with our address on I. */
  sptMetric(): AssertMetric;
  sendAssert(): void;
  sendAssertCancel(): void;
  sendPrune(winner: string, holdtimeMs: number): void;
  /** After every transition: the state decides olist(S,G) and RPF'(S). */
  changed(): void;
}

export class AssertMachine {
  private readonly machine: StateMachine<AssertState, AssertEvent, AssertAction>;
  /** Assert Timer. */
  private readonly at: Countdown;
  private winnerMetric: AssertMetric | undefined;
  private heard: AssertHeard | undefined;
  private refreshIntervalSeconds = 0;

  constructor(private readonly context: AssertContext) {
    this.machine = new StateMachine(
      ASSERT_TRANSITIONS,
      'NoInfo',
      (action) => this.perform(action),
      context.observed,
    );
    this.at = new Countdown(context.clock, () => this.handle('AT(S,G,I) expires'));
  }

  get state(): AssertState {
    return this.machine.state;
  }

  /** The Assert winner's address while this router lost. */
  get winner(): string | undefined {
    return this.state === 'Loser' ? this.winnerMetric?.address : undefined;
  }

  handle(event: AssertEvent): void {
    if (this.machine.handle(event)) this.context.changed();
  }

  /** An Assert or State Refresh from another router on I, sorted into the table's events (§4.6.3). */
  received(heard: AssertHeard): void {
    this.heard = heard;
    const { metric } = heard;
    const mine = this.myAssertMetric();
    const couldAssert = this.context.couldAssert();
    const winner = this.state === 'Loser' ? this.winnerMetric : undefined;
    if (winner && winner.address === metric.address) {
      // AssertCancel, or the winner's route got worse than what it won with or than ours.
      const inferior =
        isCancel(metric) || isPreferred(winner, metric) || (couldAssert && isPreferred(mine, metric));
      this.handle(
        inferior
          ? 'Receive inferior (Assert OR State Refresh) from Assert Winner'
          : 'Receive preferred Assert OR State Refresh',
      );
    } else if (isCancel(metric)) {
      return;
    } else if (couldAssert && isPreferred(mine, metric)) {
      this.handle('Receive inferior (Assert OR State Refresh) from non-Assert Winner AND CouldAssert');
    } else if (isPreferred(metric, winner ?? mine)) {
      this.handle('Receive preferred Assert OR State Refresh');
    }
  }

  /** We send a State Refresh on I: as winner, it stands for our Assert for three intervals. */
  sentStateRefresh(intervalSeconds: number): void {
    this.refreshIntervalSeconds = intervalSeconds;
    this.handle('Send State Refresh(S,G) out I');
  }

  cancelTimers(): void {
    this.at.cancel();
  }

  timers(): { AT?: number } {
    const AT = this.at.remaining();
    return AT === undefined ? {} : { AT };
  }

  /** my_assert_metric(S,G,I) (§4.6.5). */
  private myAssertMetric(): AssertMetric {
    return this.context.couldAssert() ? this.context.sptMetric() : INFINITE_ASSERT_METRIC;
  }

  private perform(action: AssertAction): void {
    const { context, heard } = this;
    switch (action) {
      case 'send Assert(S,G)':
        context.sendAssert();
        return;
      case 'set AT(S,G,I) to Assert_Time':
        this.at.set(context.timers.assertTime);
        return;
      case 'store the winner and set AT(S,G,I)':
        if (!heard) return;
        this.winnerMetric = heard.metric;
        this.at.set(
          heard.stateRefreshIntervalSeconds === undefined
            ? context.timers.assertTime
            : 3 * heard.stateRefreshIntervalSeconds * 1000,
        );
        return;
      case 'send Prune(S,G) to the winner if CouldAssert':
        // So that the winner keeps forwarding on I only if a downstream router overrides (§4.6.1).
        if (context.couldAssert() && this.winnerMetric)
          context.sendPrune(this.winnerMetric.address, this.at.remaining() ?? 0);
        return;
      case 'set AT(S,G,I) to 3 × the State Refresh Interval':
        this.at.set(3 * this.refreshIntervalSeconds * 1000);
        return;
      case 'forget the winner':
        this.winnerMetric = undefined;
        return;
      case 'cancel AT(S,G,I)':
        this.at.cancel();
        return;
      case 'send AssertCancel(S,G)':
        context.sendAssertCancel();
        return;
    }
  }
}

/** An AssertCancel carries the infinite metric (§4.6.4). */
function isCancel(metric: AssertMetric): boolean {
  return (
    metric.metricPreference === INFINITE_ASSERT_METRIC.metricPreference &&
    metric.metric === INFINITE_ASSERT_METRIC.metric
  );
}
