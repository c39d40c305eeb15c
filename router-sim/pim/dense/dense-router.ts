import type { MrouteCounters, Upcall } from '../../fib/forwarding-plane.js';
import type { PimMessage } from '../../wire/pim/message.js';
import { DataArrivalWatcher } from '../common/data-arrival-watcher.js';
import { PimInterface, type PimInterfaceSnapshot } from '../common/interface.js';
import type { PimRouterOptions } from '../common/router-options.js';
import { graftAck, type SourceGroup, sourceGroups } from './messages.js';
import {
  type EntryContext,
  type RouterInterface,
  SourceGroupEntry,
  type SourceGroupSnapshot,
} from './source-group.js';

/**
 * PIM dense mode (RFC 3973) on a router's interfaces: Hellos and neighbors per interface, and (S,G)
 * state made by the first packet from S (a NOCACHE upcall), flooded to every interface with PIM
 * neighbors or local members, pruned back where nobody wants it, grafted back when someone does,
 * and kept while S sends. It programs the forwarding plane but does not listen to it: the daemon
 * routes upcalls to `onUpcall`.
 */
export class DenseModeRouter {
  private readonly interfaces = new Map<number, RouterInterface>();
  private readonly entries = new Map<string, SourceGroupEntry>();
  private readonly context: EntryContext;
  private readonly data: DataArrivalWatcher;
  private running = false;

  constructor(private readonly options: PimRouterOptions) {
    const { clock, timers, random, port, plane, hasLocalMembers, sink } = options;
    const stateRefresh = timers.stateRefreshIntervalSeconds;
    for (const { vif, name, address, prefixLength } of options.interfaces) {
      const pim = new PimInterface({
        clock,
        random,
        timers,
        vif,
        name,
        address,
        port,
        helloOptions:
          stateRefresh === null ? {} : { stateRefresh: { version: 1, intervalSeconds: stateRefresh } },
        sink,
        events: {
          neighborUp: () => this.forEachEntry((entry) => entry.update()),
          neighborDown: (neighbor) => this.forEachEntry((entry) => entry.neighborDown(vif, neighbor)),
          neighborRestarted: (neighbor) =>
            this.forEachEntry((entry) => entry.neighborRestarted(vif, neighbor.address)),
        },
      });
      this.interfaces.set(vif, { pim, prefixLength });
    }
    this.context = { clock, random, timers, port, plane, interfaces: this.interfaces, hasLocalMembers, sink };
    // Data on an oif means another forwarder there: an Assert (§4.6).
    plane.enableWrongVifUpcalls();
    this.data = new DataArrivalWatcher(clock, plane, timers.dataPollInterval, (routes) =>
      this.dataSeen(routes),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const { pim } of this.interfaces.values()) pim.start();
    this.data.start();
  }

  /** Says goodbye on every interface and removes every (S,G) entry it programmed. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.data.stop();
    for (const entry of this.entries.values()) entry.delete();
    this.entries.clear();
    for (const { pim } of this.interfaces.values()) pim.stop();
  }

  /** A PIM message heard on `vif` from `source`; what makes no sense is ignored. */
  receive(vif: number, message: PimMessage, source: string): void {
    const pim = this.interfaces.get(vif)?.pim;
    if (!this.running || !pim || source === pim.address) return;
    switch (message.type) {
      case 'hello':
        pim.helloHeard(source, message.options);
        return;
      case 'join-prune':
        for (const sg of sourceGroups(message, 'joins')) this.entry(sg)?.join(vif, message.upstreamNeighbor);
        // A Prune to our upstream router makes (S,G) state, so that we can override it if we want the
        // data: we may have missed the packets that would have made it.
        for (const sg of sourceGroups(message, 'prunes'))
          this.entryOrUpstream(sg, vif, message.upstreamNeighbor)?.prune(
            vif,
            message.upstreamNeighbor,
            message.holdtime * 1000,
          );
        return;
      case 'graft':
        for (const sg of sourceGroups(message, 'joins')) {
          const entry = this.entry(sg);
          if (entry) entry.graft(vif, message.upstreamNeighbor, source);
          // Without (S,G) state nothing is pruned: the Graft is answered as in NoInfo (§4.4.2).
          else if (message.upstreamNeighbor === pim.address)
            this.options.port.send(vif, graftAck(sg, source), source);
        }
        return;
      case 'graft-ack':
        for (const sg of sourceGroups(message, 'joins')) this.entry(sg)?.graftAck(vif, source);
        return;
      case 'assert':
        this.entry(message)?.assert(vif, message, source);
        return;
      case 'state-refresh':
        // A State Refresh from upstream makes (S,G) state as data would: a restarted router learns it.
        if (this.options.timers.stateRefreshIntervalSeconds !== null)
          this.entryOrUpstream(message, vif, source)?.stateRefresh(vif, message, source);
        return;
    }
  }

  /** NOCACHE makes (S,G) state; WRONGVIF is data on a downstream interface, for Asserts. */
  onUpcall(upcall: Upcall): void {
    if (!this.running) return;
    switch (upcall.kind) {
      case 'nocache': {
        const known = this.entry(upcall);
        if (known) {
          known.reprogram();
          return;
        }
        const entry = this.create(upcall);
        if (entry?.rpfVif === upcall.vif) entry.dataArrived();
        return;
      }
      case 'wrongvif':
        this.entry(upcall)?.wrongInterface(upcall.vif);
        return;
      case 'wholepkt':
        return;
    }
  }

  /** IGMP says `group` gained or lost members on `vif`; `hasLocalMembers` now says the same. */
  membershipChanged(_vif: number, group: string, _hasMembers: boolean): void {
    this.forEachEntry((entry) => {
      if (entry.group === group) entry.update();
    });
  }

  /** Unicast routes changed: every (S,G) follows its source's new route, or goes without one. */
  rpfChanged(): void {
    for (const [key, entry] of [...this.entries]) {
      const rpf = this.options.rpf(entry.source);
      if (rpf && this.interfaces.has(rpf.vif)) entry.rpfChanged(rpf);
      else {
        entry.delete();
        this.entries.delete(key);
      }
    }
  }

  neighbors(): PimInterfaceSnapshot[] {
    return [...this.interfaces.values()].map(({ pim }) => pim.snapshot()).sort((a, b) => a.vif - b.vif);
  }

  state(): SourceGroupSnapshot[] {
    return [...this.entries.values()].map((entry) => entry.snapshot());
  }

  private entry({ source, group }: SourceGroup): SourceGroupEntry | undefined {
    return this.entries.get(key(source, group));
  }

  /** The (S,G) state, made if need be when `upstream` on `vif` is the RPF neighbor of S. */
  private entryOrUpstream(sg: SourceGroup, vif: number, upstream: string): SourceGroupEntry | undefined {
    const known = this.entry(sg);
    if (known) return known;
    const rpf = this.options.rpf(sg.source);
    return rpf?.vif === vif && rpf.neighbor === upstream ? this.create(sg) : undefined;
  }

  /** New (S,G) state, in Forwarding, programmed (and pruned upstream if olist(S,G) is empty). */
  private create({ source, group }: SourceGroup): SourceGroupEntry | undefined {
    const rpf = this.options.rpf(source);
    if (!rpf || !this.interfaces.has(rpf.vif)) return undefined;
    const entry = new SourceGroupEntry(this.context, source, group, rpf);
    // Known before the plane hears of it: programming it may bring WRONGVIF upcalls for queued packets.
    this.entries.set(key(source, group), entry);
    entry.update();
    return entry;
  }

  /**
   * The plane's counters: a packet count that moved is data from S (§4.4.1, §4.5); an entry that saw
   * neither data nor a State Refresh for SourceLifetime is removed.
   */
  private dataSeen(routes: MrouteCounters[]): void {
    for (const route of routes) {
      const entry = this.entry(route);
      if (!entry || route.packets === entry.packets) continue;
      entry.packets = route.packets;
      entry.dataArrived();
    }
    const now = this.options.clock.now();
    for (const [key, entry] of [...this.entries]) {
      if (now - entry.lastActivity < this.options.timers.sourceLifetime) continue;
      entry.delete();
      this.entries.delete(key);
    }
  }

  private forEachEntry(act: (entry: SourceGroupEntry) => void): void {
    for (const entry of [...this.entries.values()]) act(entry);
  }
}

function key(source: string, group: string): string {
  return `${source} ${group}`;
}
