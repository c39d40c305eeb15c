import type { MrouteCounters, Upcall } from '../../fib/forwarding-plane.js';
import type { JoinPrune, PimMessage, Register, RegisterStop } from '../../wire/pim/message.js';
import { DataArrivalWatcher } from '../common/data-arrival-watcher.js';
import { PimInterface, type PimInterfaceSnapshot } from '../common/interface.js';
import type { Neighbor } from '../common/neighbors.js';
import type { PimRouterOptions } from '../common/router-options.js';
import { type SparseContext, type SparsePort, type SptThreshold, sameNeighbor } from './context.js';
import { GroupState } from './group-state.js';
import { JoinPruneSender } from './join-prune-sender.js';
import { groupSetEntries, type JoinPruneEntry, packetSourceGroup, registerStop } from './messages.js';
import { type RpMapping, rpFor } from './rp.js';
import type { SparseStateSnapshot } from './snapshot.js';
import type { SourceState } from './source-state.js';
import type { SparseTimers } from './timers.js';
import type { UpstreamNeighbor } from './upstream.js';

export type { SparseEntrySnapshot, SparseStateSnapshot } from './snapshot.js';
export type { RpMapping, SparsePort, SptThreshold };

/** What every PIM router takes, and what sparse mode adds. `rpf` also gives the route to the RP. */
export interface SparseModeRouterOptions extends Omit<PimRouterOptions, 'port'> {
  sparse: SparseTimers;
  /** Index of the register VIF the edge added to the plane. */
  registerVif: number;
  rps: RpMapping[];
  sptThreshold: SptThreshold;
  /** The Hello DR Priority option (default 1). */
  drPriority?: number;
  port: SparsePort;
}

/**
 * PIM sparse mode (RFC 7761) on a router's interfaces: Hellos with DR Priority and the DR of each
 * link; (*,G) trees towards the RP built by Joins from last-hop DRs with members; Registers from the
 * DR of a source to the RP, which joins the source's tree and stops the Registers; last-hop DRs that
 * switch to the source's tree past a threshold and prune it off the RP tree. Periodic Joins keep the
 * state upstream, and it expires without them.
 *
 * The Linux kernel forwards, on (S,G) entries only: a (*,G) tree becomes an (S,G) entry the first
 * time data from S arrives (NOCACHE), programmed from the (*,G) and (S,G) state and reprogrammed on
 * every change. WRONGVIF upcalls show data on the source's tree (the SPT switch), WHOLEPKT upcalls carry
 * packets for the register tunnel. Counters, read every data poll interval, show data flowing.
 *
 * Left out: Asserts (received ones are ignored: on a LAN where two routers could forward, both may),
 * (*,*,RP) state, BSR and Auto-RP (the RPs are static), PMBRs (the Register B bit) and source-specific
 * IGMPv3 state (pim_include(S,G) and pim_exclude(S,G) are empty).
 */
export class SparseModeRouter {
  private readonly interfaces = new Map<number, PimInterface>();
  private readonly groups = new Map<string, GroupState>();
  private readonly drs = new Map<number, { at: number; iAmDr: boolean }>();
  private readonly context: SparseContext;
  private readonly sender: JoinPruneSender;
  private readonly data: DataArrivalWatcher;
  private running = false;

  constructor(private readonly options: SparseModeRouterOptions) {
    const { clock, timers, sparse, random, port, plane, sink } = options;
    const helloOptions = { drPriority: options.drPriority ?? 1 };
    const common = { clock, random, timers, port, helloOptions, sink };
    for (const { vif, address } of options.interfaces) {
      const pim = new PimInterface({
        ...common,
        vif,
        address,
        events: {
          neighborUp: () => this.neighborsChanged(),
          neighborDown: () => this.neighborsChanged(),
          neighborRestarted: (neighbor) => this.neighborRestarted(vif, neighbor),
        },
      });
      this.interfaces.set(vif, pim);
    }
    this.sender = new JoinPruneSender({
      clock,
      port,
      holdtimeSeconds: () => sparse.joinPruneHoldtimeSeconds,
      complete: (to, entries) => this.complete(to, entries),
    });
    const addresses = new Set(options.interfaces.map((i) => i.address));
    this.context = {
      clock,
      random,
      timers,
      sparse,
      port,
      plane,
      registerVif: options.registerVif,
      sptThreshold: options.sptThreshold,
      interfaces: this.interfaces,
      sender: this.sender,
      hasLocalMembers: options.hasLocalMembers,
      rpf: options.rpf,
      isMyAddress: (address) => addresses.has(address),
      iAmDr: (vif) => this.iAmDr(vif),
      sink,
    };
    this.data = new DataArrivalWatcher(clock, plane, timers.dataPollInterval, (routes) =>
      this.dataSeen(routes),
    );
    // Data off an entry's iif: an Assert (§4.6), or the SPT switchover's first packet on the new iif (§4.2).
    plane.enableWrongVifUpcalls();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.data.start();
    for (const pim of this.interfaces.values()) pim.start();
  }

  /** Says goodbye on every interface and removes every (S,G) entry it programmed. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.data.stop();
    this.sender.clear();
    for (const group of this.groups.values()) group.delete();
    this.groups.clear();
    for (const pim of this.interfaces.values()) pim.stop();
  }

  /** A link-local PIM message heard on `vif` from `source`: Hello and Join/Prune; Asserts are ignored. */
  receive(vif: number, message: PimMessage, source: string): void {
    const pim = this.interfaces.get(vif);
    if (!this.running || !pim || source === pim.address) return;
    if (message.type === 'hello') {
      // A new DR Priority changes the DR with no neighbor coming or going.
      const dr = pim.dr();
      pim.helloHeard(source, message.options);
      if (pim.dr() !== dr) this.neighborsChanged();
    } else if (message.type === 'join-prune') {
      if (message.upstreamNeighbor === pim.address) this.joinPruneToMe(vif, message);
      else this.joinPruneOverheard(vif, message);
    }
  }

  /** A Register or Register-Stop addressed to one of my addresses. */
  receiveUnicast(message: PimMessage, source: string, destination: string): void {
    if (!this.running || !this.context.isMyAddress(destination)) return;
    if (message.type === 'register') this.registerReceived(message, source, destination);
    else if (message.type === 'register-stop') this.registerStopReceived(message);
  }

  /** NOCACHE makes or reprograms the (S,G) entry; WRONGVIF is data off the entry's iif; WHOLEPKT is for the RP. */
  onUpcall(upcall: Upcall): void {
    if (!this.running) return;
    switch (upcall.kind) {
      case 'nocache':
        this.groupState(upcall.group).sourceState(upcall.source).unresolved(upcall.vif);
        return;
      case 'wrongvif':
        this.source(upcall.group, upcall.source)?.dataArrived(upcall.vif, 0);
        return;
      case 'wholepkt':
        this.source(upcall.group, upcall.source)?.tunnel(upcall.packet);
        return;
    }
  }

  /** IGMP says `group` gained or lost members on `vif`; `hasLocalMembers` now says the same. */
  membershipChanged(_vif: number, group: string, hasMembers: boolean): void {
    if (!this.running) return;
    const state = hasMembers ? this.groupState(group) : this.groups.get(group);
    state?.update();
  }

  /** Unicast routes changed: RPF'(*,G) and RPF'(S,G) follow them. */
  rpfChanged(): void {
    if (!this.running) return;
    for (const group of [...this.groups.values()]) group.rpfChanged();
  }

  neighbors(): PimInterfaceSnapshot[] {
    return [...this.interfaces.values()].map((pim) => pim.snapshot()).sort((a, b) => a.vif - b.vif);
  }

  state(): SparseStateSnapshot {
    const entries = [...this.groups.values()].flatMap((group) => {
      const wildcard = group.snapshot();
      const sources = [...group.sources.values()].flatMap((source) => source.snapshots());
      return wildcard ? [wildcard, ...sources] : sources;
    });
    return { rps: this.options.rps.map((rp) => ({ ...rp })), entries };
  }

  private groupState(group: string): GroupState {
    let state = this.groups.get(group);
    if (!state) {
      state = new GroupState(this.context, group, rpFor(this.options.rps, group), (g) => this.settled(g));
      this.groups.set(group, state);
    }
    return state;
  }

  private source(group: string, source: string): SourceState | undefined {
    return this.groups.get(group)?.source(source);
  }

  /** After an update: sources and groups with nothing left are forgotten. */
  private settled(group: GroupState): void {
    for (const [address, source] of group.sources)
      if (source.idle) {
        source.delete();
        group.sources.delete(address);
      }
    if (group.idle && this.groups.get(group.group) === group) {
      group.delete();
      this.groups.delete(group.group);
    }
  }

  /** I_am_DR(I), elected once per instant: the macros ask for it over and over. */
  private iAmDr(vif: number): boolean {
    const now = this.options.clock.now();
    const known = this.drs.get(vif);
    if (known?.at === now) return known.iAmDr;
    const pim = this.interfaces.get(vif);
    const iAmDr = pim !== undefined && pim.dr() === pim.address;
    this.drs.set(vif, { at: now, iAmDr });
    return iAmDr;
  }

  /** A neighbor came or went: DRs may have changed, and with them pim_include(*,G) and CouldRegister. */
  private neighborsChanged(): void {
    this.drs.clear();
    for (const group of [...this.groups.values()]) group.update();
  }

  /** A new Generation ID from RPF'(X) (§4.5.6, §4.5.7): it lost our Joins, which go again soon. */
  private neighborRestarted(vif: number, neighbor: Neighbor): void {
    this.drs.clear();
    const restarted = { vif, address: neighbor.address };
    for (const group of [...this.groups.values()])
      group.update(() => {
        if (sameNeighbor(group.rpfPrime(), restarted)) group.upstream.handle("RPF'(X) GenID changes");
        for (const source of group.sources.values())
          if (sameNeighbor(source.rpfPrime(), restarted)) source.upstream.handle("RPF'(X) GenID changes");
      });
  }

  /**
   * A Join/Prune naming me (§4.5.2–§4.5.4): each group set read in order — (*,G), then (S,G,rpt), then
   * (S,G) — then End of Message for its (S,G,rpt) machines. A (*,G) entry for another RP than RP(G)
   * is ignored.
   */
  private joinPruneToMe(vif: number, message: JoinPrune): void {
    const holdtime = message.holdtime * 1000;
    for (const entries of groupSetEntries(message)) {
      const first = entries[0];
      if (!first) continue;
      const group = this.groupState(first.group);
      group.update(() => {
        for (const { kind, address, list } of entries) {
          if (kind === '(*,G)') {
            if (address !== group.rp) continue;
            if (list === 'prunes') group.downstreamOn(vif).handle('Receive Prune(X)');
            else {
              group.downstreamOn(vif).handle('Receive Join(X)', holdtime);
              for (const source of group.sources.values())
                source.rptDownstreamIf(vif)?.handle('Receive Join(*,G)');
            }
          } else if (kind === '(S,G,rpt)') {
            if (list === 'prunes')
              group.sourceState(address).rptDownstreamOn(vif).handle('Receive Prune(S,G,rpt)', holdtime);
            else group.source(address)?.rptDownstreamIf(vif)?.handle('Receive Join(S,G,rpt)');
          } else if (list === 'joins')
            group.sourceState(address).downstreamOn(vif).handle('Receive Join(X)', holdtime);
          else group.source(address)?.downstreamOn(vif).handle('Receive Prune(X)');
        }
        for (const source of group.sources.values()) source.rptDownstreamIf(vif)?.handle('End of Message');
      });
    }
  }

  /**
   * A Join/Prune to another router on `vif` (§4.5.6, §4.5.7, §4.5.9): a Join to my RPF'(X) suppresses
   * mine, a Prune there calls for an override. A Prune(S,G,rpt) on my RP tree makes (S,G) state, so
   * that I override it when I still want S from the RP tree.
   */
  private joinPruneOverheard(vif: number, message: JoinPrune): void {
    const to = { vif, address: message.upstreamNeighbor };
    for (const entries of groupSetEntries(message)) {
      const first = entries[0];
      const group = first && this.groups.get(first.group);
      if (!group) continue;
      group.update(() => {
        for (const entry of entries) this.overheard(group, to, entry);
      });
    }
  }

  private overheard(group: GroupState, to: UpstreamNeighbor, { kind, address, list }: JoinPruneEntry): void {
    const onRpt = sameNeighbor(group.rpfPrime(), to);
    if (kind === '(*,G)') {
      if (address !== group.rp) return;
      if (list === 'joins') {
        if (onRpt) group.upstream.handle("See Join(X) to RPF'(X)");
        return;
      }
      if (onRpt) group.upstream.handle("See Prune to RPF'(X)");
      for (const source of group.sources.values())
        if (sameNeighbor(source.rpfPrime(), to)) source.upstream.handle("See Prune to RPF'(X)");
      return;
    }
    const makes = kind === '(S,G,rpt)' && list === 'prunes' && onRpt && group.upstream.state === 'Joined';
    const source = makes ? group.sourceState(address) : group.source(address);
    if (!source) return;
    const onSpt = sameNeighbor(source.rpfPrime(), to);
    if (list === 'joins') {
      if (kind === '(S,G)' && onSpt) source.upstream.handle("See Join(X) to RPF'(X)");
      if (kind === '(S,G,rpt)' && onRpt) source.rptUpstream.handle("See Join(S,G,rpt) to RPF'(S,G,rpt)");
      return;
    }
    if (onSpt) source.upstream.handle("See Prune to RPF'(X)");
    if (!onRpt) return;
    if (kind === '(S,G)') source.rptUpstream.handle("See Prune(S,G) to RPF'(S,G,rpt)");
    else {
      // A new entry learns whether it wants S from the RP tree before it hears the Prune.
      source.evaluate();
      source.rptUpstream.handle("See Prune(S,G,rpt) to RPF'(S,G,rpt)");
    }
  }

  /**
   * A Register (§4.4.2): at RP(G), the RP's side of the protocol (the kernel decapsulated the packet);
   * anywhere else a Register-Stop, as for a DR whose RP is not this router.
   */
  private registerReceived(message: Register, from: string, to: string): void {
    const sg = packetSourceGroup(message.packet);
    if (!sg) return;
    if (rpFor(this.options.rps, sg.group) !== to) {
      this.options.port.unicast(registerStop(sg.source, sg.group), to, from);
      return;
    }
    this.groupState(sg.group).sourceState(sg.source).registerReceived(from, to);
  }

  /** A Register-Stop for one source, or for every source of the group (source 0.0.0.0). */
  private registerStopReceived(message: RegisterStop): void {
    const group = this.groups.get(message.group);
    if (!group) return;
    group.update(() => {
      for (const source of group.sources.values())
        if (message.source === '0.0.0.0' || source.source === message.source)
          source.register.handle('Receive Register-Stop');
    });
  }

  /**
   * What a Join/Prune to `to` carries besides `entries` (§4.5.8, §4.9.5.1): with each Join(*,G), the
   * Prune(S,G,rpt) of every source pruned off G's RP tree; and the periodic Joins of other entries
   * towards the same neighbor that are due within half a period.
   */
  private complete(to: UpstreamNeighbor, entries: readonly JoinPruneEntry[]): JoinPruneEntry[] {
    const extra: JoinPruneEntry[] = [];
    const joinsOfWildcard = new Set(
      entries.filter((e) => e.kind === '(*,G)' && e.list === 'joins').map((e) => e.group),
    );
    for (const group of this.groups.values()) {
      const rp = group.rp;
      if (rp !== undefined && sameNeighbor(group.rpfPrime(), to) && group.upstream.piggyback()) {
        extra.push({ kind: '(*,G)', group: group.group, address: rp, list: 'joins' });
        joinsOfWildcard.add(group.group);
      }
      for (const source of group.sources.values()) {
        if (sameNeighbor(source.rpfPrime(), to) && source.upstream.piggyback())
          extra.push({ kind: '(S,G)', group: group.group, address: source.source, list: 'joins' });
        if (joinsOfWildcard.has(group.group) && source.rptUpstream.state === 'Pruned')
          extra.push({ kind: '(S,G,rpt)', group: group.group, address: source.source, list: 'prunes' });
      }
    }
    return extra;
  }

  /**
   * The plane's counters: packets on an entry's iif are data from S (§4.2); an entry that saw no
   * packet at all for a Keepalive_Period goes, unless the Keepalive Timer still runs.
   */
  private dataSeen(routes: MrouteCounters[]): void {
    const now = this.options.clock.now();
    for (const route of routes) {
      const source = this.source(route.group, route.source);
      if (!source?.routed) continue;
      const before = source.counted;
      const packets = route.packets >= before.packets ? route.packets - before.packets : route.packets;
      const wrongIf = route.wrongIf >= before.wrongIf ? route.wrongIf - before.wrongIf : route.wrongIf;
      source.counted = { packets: route.packets, wrongIf: route.wrongIf };
      if (packets > 0) source.dataArrived(route.iif, packets);
      else if (wrongIf > 0) source.lastActivity = now;
    }
    for (const group of [...this.groups.values()])
      for (const source of [...group.sources.values()])
        if (
          source.routed &&
          !source.keepaliveRunning &&
          now - source.lastActivity >= this.options.sparse.keepalivePeriod
        )
          group.update(() => source.unroute());
  }
}
