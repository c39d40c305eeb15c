import type { Clock, Timer } from '../../../common/clock.js';
import { ALL_PIM_ROUTERS } from '../../wire/pim/message.js';
import type { PimPort } from '../common/port.js';
import { type JoinPruneEntry, joinPruneMessages } from './messages.js';
import type { UpstreamNeighbor } from './upstream.js';

export interface JoinPruneSenderOptions {
  clock: Clock;
  port: PimPort;
  holdtimeSeconds(): number;
  /**
   * What else goes in a message about to leave for `to`, given what it holds: the (S,G,rpt) Prunes
   * every Join(*,G) carries (§4.5.8) and the periodic Joins due soon (`UpstreamMachine.piggyback`).
   */
  complete(to: UpstreamNeighbor, entries: readonly JoinPruneEntry[]): JoinPruneEntry[];
}

/**
 * Gathers the Joins and Prunes the state machines send at one instant into one Join/Prune per
 * (interface, upstream neighbor), a group set per group (§4.9.5), sent to ALL-PIM-ROUTERS once the
 * instant's events are handled. A later Join of an entry replaces its Prune, and the other way round.
 */
export class JoinPruneSender {
  private readonly pending = new Map<
    string,
    { to: UpstreamNeighbor; entries: Map<string, JoinPruneEntry> }
  >();
  private flushTimer: Timer | undefined;

  constructor(private readonly options: JoinPruneSenderOptions) {}

  send(to: UpstreamNeighbor, entry: JoinPruneEntry): void {
    const key = `${to.vif} ${to.address}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { to, entries: new Map() };
      this.pending.set(key, batch);
    }
    batch.entries.set(entryKey(entry), entry);
    this.flushTimer ??= this.options.clock.setTimer(0, () => this.flush());
  }

  /** Drops what is not sent yet: the router stops. */
  clear(): void {
    this.flushTimer?.cancel();
    this.flushTimer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batches = [...this.pending.values()];
    this.pending.clear();
    for (const { to, entries } of batches) {
      const listed = [...entries.values()];
      for (const extra of this.options.complete(to, listed)) {
        const key = entryKey(extra);
        if (!entries.has(key)) entries.set(key, extra);
      }
      const holdtime = this.options.holdtimeSeconds();
      for (const message of joinPruneMessages(to.address, holdtime, [...entries.values()]))
        this.options.port.send(to.vif, message, ALL_PIM_ROUTERS);
    }
  }
}

/** Join and Prune of the same tree share a key. */
function entryKey(entry: JoinPruneEntry): string {
  return `${entry.group} ${entry.kind} ${entry.address}`;
}
