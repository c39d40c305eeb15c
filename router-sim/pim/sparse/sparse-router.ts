import type { Upcall } from '../../fib/forwarding-plane.js';
import type { PimMessage } from '../../wire/pim/message.js';
import { DataArrivalWatcher } from '../common/data-arrival-watcher.js';
import { PimInterface, type PimInterfaceSnapshot } from '../common/interface.js';
import type { Neighbor } from '../common/neighbors.js';
import type { PimRouterOptions } from '../common/router-options.js';
import { type SparseContext, type SparsePort, type SptThreshold, sameNeighbor } from './context.js';
import { dataSeen } from './data-seen.js';
import { DesignatedRouters } from './designated-routers.js';
import { GroupTable } from './group-table.js';
import { completeJoinPrune } from './join-prune-completion.js';
import { joinPruneOverheard } from './join-prune-overheard.js';
import { JoinPruneSender } from './join-prune-sender.js';
import { joinPruneToMe } from './join-prune-to-me.js';
import { registerReceived, registerStopReceived } from './register-received.js';
import type { RpMapping } from './rp.js';
import type { SparseStateSnapshot } from './snapshot.js';
import type { SparseTimers } from './timers.js';

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
  private readonly drs: DesignatedRouters;
  private readonly groups: GroupTable;
  private readonly sender: JoinPruneSender;
  private readonly data: DataArrivalWatcher;
  private readonly isMyAddress: (address: string) => boolean;
  private running = false;

  constructor(private readonly options: SparseModeRouterOptions) {
    const { clock, timers, sparse, random, port, plane, sink } = options;
    const helloOptions = { drPriority: options.drPriority ?? 1 };
    const common = { clock, random, timers, port, helloOptions, sink };
    for (const { vif, name, address } of options.interfaces) {
      const pim = new PimInterface({
        ...common,
        vif,
        name,
        address,
        events: {
          neighborUp: () => this.neighborsChanged(),
          neighborDown: () => this.neighborsChanged(),
          neighborRestarted: (neighbor) => this.neighborRestarted(vif, neighbor),
        },
      });
      this.interfaces.set(vif, pim);
    }
    this.drs = new DesignatedRouters(clock, this.interfaces);
    this.sender = new JoinPruneSender({
      clock,
      port,
      holdtimeSeconds: () => sparse.joinPruneHoldtimeSeconds,
      complete: (to, entries) => completeJoinPrune(this.groups, to, entries),
    });
    const addresses = new Set(options.interfaces.map((i) => i.address));
    this.isMyAddress = (address) => addresses.has(address);
    const context: SparseContext = {
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
      isMyAddress: this.isMyAddress,
      iAmDr: (vif) => this.drs.iAmDr(vif),
      sink,
    };
    this.groups = new GroupTable(context, options.rps);
    this.data = new DataArrivalWatcher(clock, plane, timers.dataPollInterval, (routes) =>
      dataSeen(this.groups, routes, clock.now(), sparse.keepalivePeriod),
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
      if (message.upstreamNeighbor === pim.address) joinPruneToMe(this.groups, vif, message);
      else joinPruneOverheard(this.groups, vif, message);
    }
  }

  /** A Register or Register-Stop addressed to one of my addresses. */
  receiveUnicast(message: PimMessage, source: string, destination: string): void {
    if (!this.running || !this.isMyAddress(destination)) return;
    if (message.type === 'register')
      registerReceived(this.groups, this.options.port, message, source, destination);
    else if (message.type === 'register-stop') registerStopReceived(this.groups, message);
  }

  /** NOCACHE makes or reprograms the (S,G) entry; WRONGVIF is data off the entry's iif; WHOLEPKT is for the RP. */
  onUpcall(upcall: Upcall): void {
    if (!this.running) return;
    switch (upcall.kind) {
      case 'nocache':
        this.groups.made(upcall.group).sourceState(upcall.source).unresolved(upcall.vif);
        return;
      case 'wrongvif':
        this.groups.source(upcall.group, upcall.source)?.dataArrived(upcall.vif, 0);
        return;
      case 'wholepkt':
        this.groups.source(upcall.group, upcall.source)?.tunnel(upcall.packet);
        return;
    }
  }

  /** IGMP says `group` gained or lost members on `vif`; `hasLocalMembers` now says the same. */
  membershipChanged(_vif: number, group: string, hasMembers: boolean): void {
    if (!this.running) return;
    const state = hasMembers ? this.groups.made(group) : this.groups.get(group);
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

  /** A neighbor came or went: DRs may have changed, and with them pim_include(*,G) and CouldRegister. */
  private neighborsChanged(): void {
    this.drs.forget();
    for (const group of [...this.groups.values()]) group.update();
  }

  /** A new Generation ID from RPF'(X) (§4.5.6, §4.5.7): it lost our Joins, which go again soon. */
  private neighborRestarted(vif: number, neighbor: Neighbor): void {
    this.drs.forget();
    const restarted = { vif, address: neighbor.address };
    for (const group of [...this.groups.values()])
      group.update(() => {
        if (sameNeighbor(group.rpfPrime(), restarted)) group.upstream.handle("RPF'(X) GenID changes");
        for (const source of group.sources.values())
          if (sameNeighbor(source.rpfPrime(), restarted)) source.upstream.handle("RPF'(X) GenID changes");
      });
  }
}
