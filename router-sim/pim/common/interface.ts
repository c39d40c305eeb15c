import type { Clock } from '../../../common/clock.js';
import type { EventSink } from '../../../common/protocol-events.js';
import type { Random } from '../../../common/sim/random.js';
import { interfaceKey } from '../../../common/state-machine.js';
import { ALL_PIM_ROUTERS, type HelloOptions } from '../../wire/pim/message.js';
import { electDr } from './dr.js';
import { HelloSender } from './hello.js';
import {
  effectiveLanPruneDelay,
  joinPruneOverrideInterval,
  type LanPruneDelay,
  type NeighborEvents,
  NeighborTable,
} from './neighbors.js';
import type { PimPort } from './port.js';
import type { PimTimers } from './timers.js';

export interface PimInterfaceOptions {
  clock: Clock;
  random: Random;
  timers: PimTimers;
  vif: number;
  /** The interface's name (eth1) where the router knows it: events name the interface by it. */
  name?: string;
  /** The router's address on the interface. */
  address: string;
  port: PimPort;
  /** Hello options the mode adds: DR Priority in sparse mode, State Refresh capability in dense mode. */
  helloOptions: Pick<HelloOptions, 'drPriority' | 'stateRefresh'>;
  events: NeighborEvents;
  /** Where neighbors coming, going and restarting are reported, if anywhere. */
  sink?: EventSink;
}

export interface PimInterfaceSnapshot {
  vif: number;
  address: string;
  /** `expiresInMs` is -1 for a neighbor that never times out. */
  neighbors: { address: string; expiresInMs: number; generationId?: number; drPriority?: number }[];
  dr: string;
}

/** PIM on one interface: its Hellos, its neighbors, and what the link's routers agree on. */
export class PimInterface {
  readonly vif: number;
  /** How events name the interface: `eth1`, or `vif 1` where the router knows no name. */
  readonly name: string;
  readonly address: string;
  readonly neighbors: NeighborTable;
  private readonly hello: HelloSender;

  constructor(private readonly options: PimInterfaceOptions) {
    const { clock, random, timers, vif, address, port, helloOptions, events, sink } = options;
    const report = (event: string, neighbor: string) =>
      sink?.record({ machine: 'pim-neighbor', key: `${this.name} ${neighbor}`, event });
    this.vif = vif;
    this.name = interfaceKey(vif, options.name);
    this.address = address;
    this.hello = new HelloSender({
      clock,
      random,
      timers,
      options: {
        lanPruneDelay: {
          tBit: false,
          propagationDelayMs: timers.propagationDelay,
          overrideIntervalMs: timers.overrideInterval,
        },
        ...helloOptions,
      },
      send: (hello) => port.send(vif, hello, ALL_PIM_ROUTERS),
    });
    // A new or restarted neighbor gets our Hello soon (RFC 3973 §4.3.1), then the mode hears of it.
    this.neighbors = new NeighborTable({
      clock,
      defaultHoldtimeSeconds: timers.helloHoldtimeSeconds,
      events: {
        neighborUp: (neighbor) => {
          report('neighbor up', neighbor.address);
          this.hello.triggered();
          events.neighborUp(neighbor);
        },
        neighborDown: (address) => {
          report('neighbor down', address);
          events.neighborDown(address);
        },
        neighborRestarted: (neighbor) => {
          report('neighbor restarted', neighbor.address);
          this.hello.triggered();
          events.neighborRestarted(neighbor);
        },
      },
    });
  }

  get generationId(): number {
    return this.hello.generationId;
  }

  start(): void {
    this.hello.start();
  }

  /** Says goodbye and forgets the neighbors. */
  stop(): void {
    this.hello.stop();
    this.neighbors.clear();
  }

  helloHeard(source: string, options: HelloOptions): void {
    this.neighbors.helloHeard(source, options);
  }

  lanPruneDelay(): LanPruneDelay {
    const { propagationDelay, overrideInterval } = this.options.timers;
    return effectiveLanPruneDelay({ propagationDelay, overrideInterval }, this.neighbors.list());
  }

  /** J/P_Override_Interval(I) (RFC 3973 §4.3.5). */
  joinPruneOverrideInterval(): number {
    return joinPruneOverrideInterval(this.lanPruneDelay());
  }

  dr(): string {
    return electDr(
      { address: this.address, drPriority: this.options.helloOptions.drPriority },
      this.neighbors.list().map((n) => ({ address: n.address, drPriority: n.drPriority })),
    );
  }

  snapshot(): PimInterfaceSnapshot {
    const now = this.options.clock.now();
    return {
      vif: this.vif,
      address: this.address,
      neighbors: this.neighbors.list().map((n) => ({
        address: n.address,
        expiresInMs: n.expiresAt === undefined ? -1 : Math.max(0, n.expiresAt - now),
        ...(n.generationId !== undefined && { generationId: n.generationId }),
        ...(n.drPriority !== undefined && { drPriority: n.drPriority }),
      })),
      dr: this.dr(),
    };
  }
}
