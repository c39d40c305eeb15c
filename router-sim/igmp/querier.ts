import type { Clock, Timer } from '../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../common/state-machine.js';
import type { MembershipQuery } from '../wire/igmp/message.js';
import { ipv4Value } from './address.js';
import type { RouterVersion } from './queries.js';
import { type IgmpTimers, withQuerierValues } from './timers.js';

/** Querier election on one interface (RFC 2236 §7, kept by RFC 3376 §6.6.2): lowest address wins. */
export type QuerierState = 'Initial' | 'Querier' | 'Non-Querier';

export type QuerierEvent =
  | 'start up'
  | 'stop'
  | 'general query timer expired'
  | 'query from a lower address'
  | 'other querier present timer expired';

type QuerierAction =
  | 'begin startup'
  | 'send general query'
  | 'set general query timer'
  | 'stop general queries'
  | 'set other querier present timer'
  | 'cancel other querier present timer';

/**
 * State × event → actions, next state (RFC 2236 §7 router state diagram, plus `stop`). Events with
 * no entry for a state change nothing (`start up` while running); queries from higher addresses are
 * no event at all.
 */
export const QUERIER_TRANSITIONS: TransitionTable<QuerierState, QuerierEvent, QuerierAction> = {
  Initial: {
    'start up': {
      actions: ['begin startup', 'send general query', 'set general query timer'],
      next: 'Querier',
    },
  },
  Querier: {
    'general query timer expired': {
      actions: ['send general query', 'set general query timer'],
      next: 'Querier',
    },
    'query from a lower address': {
      actions: ['stop general queries', 'set other querier present timer'],
      next: 'Non-Querier',
    },
    stop: { actions: ['stop general queries'], next: 'Initial' },
  },
  'Non-Querier': {
    'query from a lower address': { actions: ['set other querier present timer'], next: 'Non-Querier' },
    'other querier present timer expired': {
      actions: ['send general query', 'set general query timer'],
      next: 'Querier',
    },
    stop: { actions: ['cancel other querier present timer'], next: 'Initial' },
  },
};

export interface QuerierElectionOptions {
  /** Who hears the transitions (querier elected, lost), if anyone. */
  observed?: Observation;
  clock: Clock;
  address: string;
  version: RouterVersion;
  /** The router's own configured timers. */
  timers: IgmpTimers;
  /** Sends a General Query built from `timers` (the querier's own). */
  sendGeneralQuery(): void;
}

export class QuerierElection {
  private readonly machine: StateMachine<QuerierState, QuerierEvent, QuerierAction>;
  private readonly own: number;
  private otherQuerier: string | undefined;
  private adopted: IgmpTimers;
  private startupQueriesLeft = 0;
  private generalQueryTimer: Timer | undefined;
  private otherQuerierPresent: { timer: Timer; expiresAt: number } | undefined;

  constructor(private readonly options: QuerierElectionOptions) {
    const own = ipv4Value(options.address);
    if (own === undefined) throw new RangeError(`not an IPv4 address: ${JSON.stringify(options.address)}`);
    this.own = own;
    this.adopted = options.timers;
    this.machine = new StateMachine(
      QUERIER_TRANSITIONS,
      'Initial',
      (action) => this.perform(action),
      options.observed,
    );
  }

  get state(): QuerierState {
    return this.machine.state;
  }

  /** The timers in force: the router's own as querier, the querier's values as non-querier (§4.1.6, §4.1.7). */
  get timers(): IgmpTimers {
    return this.state === 'Non-Querier' ? this.adopted : this.options.timers;
  }

  /** This router when it is the querier, the router whose queries silence it otherwise. */
  get querierAddress(): string | undefined {
    if (this.state === 'Initial') return undefined;
    return this.state === 'Querier' ? this.options.address : this.otherQuerier;
  }

  otherQuerierExpiresInMs(): number | undefined {
    return this.otherQuerierPresent && this.otherQuerierPresent.expiresAt - this.options.clock.now();
  }

  start(): void {
    this.handle('start up');
  }

  stop(): void {
    this.handle('stop');
  }

  /** A query from another router; only a lower address counts (§6.6.2). */
  queryHeard(query: MembershipQuery, source: string): void {
    const from = ipv4Value(source);
    if (this.state === 'Initial' || from === undefined || from >= this.own) return;
    this.otherQuerier = source;
    this.adopted =
      this.options.version === 3 && query.version === 3
        ? withQuerierValues(this.options.timers, query.qrv, query.qqicSeconds)
        : this.options.timers;
    this.handle('query from a lower address');
  }

  private handle(event: QuerierEvent): void {
    this.machine.handle(event);
  }

  private perform(action: QuerierAction): void {
    const { clock } = this.options;
    switch (action) {
      case 'begin startup':
        this.startupQueriesLeft = this.timers.startupQueryCount;
        return;
      case 'send general query':
        if (this.startupQueriesLeft > 0) this.startupQueriesLeft--;
        this.options.sendGeneralQuery();
        return;
      case 'set general query timer': {
        // Startup Query Count queries Startup Query Interval apart, then one every Query Interval.
        const { startupQueryInterval, queryInterval } = this.timers;
        this.generalQueryTimer?.cancel();
        this.generalQueryTimer = clock.setTimer(
          this.startupQueriesLeft > 0 ? startupQueryInterval : queryInterval,
          () => this.handle('general query timer expired'),
        );
        return;
      }
      case 'stop general queries':
        // "ceases to send queries" (§6.6.2): a startup under way ends too.
        this.generalQueryTimer?.cancel();
        this.generalQueryTimer = undefined;
        this.startupQueriesLeft = 0;
        return;
      case 'set other querier present timer': {
        const interval = this.timers.otherQuerierPresentInterval;
        this.otherQuerierPresent?.timer.cancel();
        this.otherQuerierPresent = {
          expiresAt: clock.now() + interval,
          timer: clock.setTimer(interval, () => {
            this.otherQuerierPresent = undefined;
            this.handle('other querier present timer expired');
          }),
        };
        return;
      }
      case 'cancel other querier present timer':
        this.otherQuerierPresent?.timer.cancel();
        this.otherQuerierPresent = undefined;
        return;
    }
  }
}
