import type { Clock, Timer } from '../../../common/clock.js';
import type { HelloOptions } from '../../wire/pim/message.js';
import { compareAddresses } from './address.js';

/** A Holdtime of 0xffff: the neighbor never times out (RFC 3973 §4.7.5). */
const HOLDTIME_FOREVER = 0xffff;

/** What a router knows of a neighbor from its last Hello (RFC 3973 §4.3). */
export interface Neighbor {
  address: string;
  generationId: number | undefined;
  drPriority: number | undefined;
  lanPruneDelay: { propagationDelayMs: number; overrideIntervalMs: number } | undefined;
  /** It sent the State Refresh Capable option (§4.5). */
  stateRefreshCapable: boolean;
  /** When its Neighbor Liveness Timer runs out; undefined: never (Holdtime 0xffff). */
  expiresAt: number | undefined;
}

export interface NeighborEvents {
  /** A Hello from a router not known on the link. */
  neighborUp(neighbor: Neighbor): void;
  /** Its Neighbor Liveness Timer ran out, or it said goodbye with Holdtime 0. */
  neighborDown(address: string): void;
  /** A known neighbor's Generation ID changed: it restarted and lost its state. */
  neighborRestarted(neighbor: Neighbor): void;
}

export interface NeighborTableOptions {
  clock: Clock;
  /** Default_Hello_Holdtime, for Hellos without a Holdtime option. */
  defaultHoldtimeSeconds: number;
  events: NeighborEvents;
}

/** The PIM neighbors on one interface, each kept for the Holdtime of its last Hello. */
export class NeighborTable {
  private readonly entries = new Map<string, { neighbor: Neighbor; timer: Timer | undefined }>();

  constructor(private readonly options: NeighborTableOptions) {}

  helloHeard(address: string, hello: HelloOptions): void {
    const { clock, defaultHoldtimeSeconds, events } = this.options;
    const holdtime = hello.holdtime ?? defaultHoldtimeSeconds;
    const known = this.entries.get(address);
    if (holdtime === 0) {
      if (known) this.remove(address);
      return;
    }
    known?.timer?.cancel();
    const restarted =
      known?.neighbor.generationId !== undefined &&
      hello.generationId !== undefined &&
      known.neighbor.generationId !== hello.generationId;
    const forever = holdtime === HOLDTIME_FOREVER;
    const neighbor: Neighbor = {
      address,
      generationId: hello.generationId,
      drPriority: hello.drPriority,
      lanPruneDelay: hello.lanPruneDelay && {
        propagationDelayMs: hello.lanPruneDelay.propagationDelayMs,
        overrideIntervalMs: hello.lanPruneDelay.overrideIntervalMs,
      },
      stateRefreshCapable: hello.stateRefresh !== undefined,
      expiresAt: forever ? undefined : clock.now() + holdtime * 1000,
    };
    const timer = forever ? undefined : clock.setTimer(holdtime * 1000, () => this.remove(address));
    this.entries.set(address, { neighbor, timer });
    if (!known) events.neighborUp(neighbor);
    else if (restarted) events.neighborRestarted(neighbor);
  }

  get(address: string): Neighbor | undefined {
    return this.entries.get(address)?.neighbor;
  }

  /** By address. */
  list(): Neighbor[] {
    return [...this.entries.values()]
      .map((e) => e.neighbor)
      .sort((a, b) => compareAddresses(a.address, b.address));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets everyone without telling: the interface stops. */
  clear(): void {
    for (const entry of this.entries.values()) entry.timer?.cancel();
    this.entries.clear();
  }

  private remove(address: string): void {
    this.entries.get(address)?.timer?.cancel();
    this.entries.delete(address);
    this.options.events.neighborDown(address);
  }
}

/** The LAN Prune Delay values of a link. */
export interface LanPruneDelay {
  propagationDelay: number;
  overrideInterval: number;
}

/**
 * The values in force on a link (RFC 3973 §4.3.5): when every neighbor sends the LAN Prune Delay
 * option, the largest of theirs and ours; otherwise the defaults, here the router's own values.
 */
export function effectiveLanPruneDelay(own: LanPruneDelay, neighbors: readonly Neighbor[]): LanPruneDelay {
  if (!neighbors.every((n) => n.lanPruneDelay)) return own;
  return {
    propagationDelay: Math.max(
      own.propagationDelay,
      ...neighbors.map((n) => n.lanPruneDelay?.propagationDelayMs ?? 0),
    ),
    overrideInterval: Math.max(
      own.overrideInterval,
      ...neighbors.map((n) => n.lanPruneDelay?.overrideIntervalMs ?? 0),
    ),
  };
}

/** J/P_Override_Interval(I): how long an upstream router waits for a Join overriding a Prune. */
export function joinPruneOverrideInterval(delay: LanPruneDelay): number {
  return delay.propagationDelay + delay.overrideInterval;
}
