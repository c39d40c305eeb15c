import { observation } from '../../../common/state-machine.js';
import type { MrouteEntry } from '../../fib/forwarding-plane.js';
import type { Rpf } from '../../rib/rpf.js';
import type { Register } from '../../wire/pim/message.js';
import { Countdown } from '../common/countdown.js';
import type { SparseContext } from './context.js';
import { downstreamContext, machineOn, sameNeighbor, tOverride } from './context.js';
import { isJoined, type JoinDownstreamMachine, joinDownstream } from './downstream.js';
import { nullRegister, register, registerStop } from './messages.js';
import { RegisterMachine } from './register.js';
import { isPruned, type RptDownstreamMachine, rptDownstream } from './rpt-downstream.js';
import { RptUpstreamMachine } from './rpt-upstream.js';
import { runningTimers } from './running-timers.js';
import { downstreamSnapshots, type SparseEntrySnapshot } from './snapshot.js';
import type { StarGState } from './star-g.js';
import { joinSuppressionTime, registerStopTime } from './timers.js';
import { UpstreamMachine, type UpstreamNeighbor } from './upstream.js';
import { minus, sorted, union, vifsWhere } from './vif-sets.js';

/**
 * A router's state for source S of group G: the (S,G) entry (§4.5.3, §4.5.7), the (S,G,rpt) entry
 * (§4.5.4, §4.5.9), the Register machine of a DR (§4.4.1), the Keepalive Timer and SPTbit (§4.1.3),
 * and the (S,G) forwarding entry the plane holds once data from S was seen (§4.2, as the kernel
 * forwards: see `program`).
 */
export class SourceState {
  sptBit = false;
  /** Packets and wrong-interface arrivals the plane counted, as last read; when either last moved. */
  counted = { packets: 0, wrongIf: 0 };
  lastActivity: number;
  /** Whether the plane has (or is about to have) this (S,G) entry: data from S was seen. */
  routed = false;
  private arrivalVif = 0;
  /** Packets forwarded on the RP tree, for an SPT threshold of some packets. */
  private rptPackets = 0;
  private rpfRoute: Rpf | undefined;
  private programmed: MrouteEntry | undefined;
  private readonly keepalive: Countdown;
  private readonly downstream = new Map<number, JoinDownstreamMachine>();
  private readonly rptDownstream = new Map<number, RptDownstreamMachine>();
  readonly upstream: UpstreamMachine;
  readonly rptUpstream: RptUpstreamMachine;
  readonly register: RegisterMachine;

  constructor(
    private readonly context: SparseContext,
    private readonly group: StarGState,
    readonly source: string,
  ) {
    const { clock, sparse, random, sink } = context;
    const sg = `(${source},${group.group})`;
    this.lastActivity = clock.now();
    this.rpfRoute = this.routeToSource();
    this.keepalive = new Countdown(clock, () => group.update());
    this.upstream = new UpstreamMachine(
      {
        observed: observation(sink, 'pim-sparse-upstream', sg),
        clock,
        period: sparse.joinPrunePeriod,
        suppressed: () => joinSuppressionTime(sparse, random.next),
        override: () => tOverride(context, this.rpfRoute?.vif),
        sendJoin: (to) => group.send(to, '(S,G)', 'joins', source),
        sendPrune: (to) => group.send(to, '(S,G)', 'prunes', source),
        clearSptBit: () => {
          this.sptBit = false;
        },
      },
      this.rpfPrime(),
    );
    this.rptUpstream = new RptUpstreamMachine({
      observed: observation(sink, 'pim-sparse-upstream-rpt', `(${source},${group.group},rpt)`),
      clock,
      override: () => tOverride(context, group.rpfPrime()?.vif),
      sendPrune: () => group.send(group.rpfPrime(), '(S,G,rpt)', 'prunes', source),
      sendJoin: () => group.send(group.rpfPrime(), '(S,G,rpt)', 'joins', source),
    });
    this.register = new RegisterMachine({
      observed: observation(sink, 'pim-sparse-register', sg),
      clock,
      probeTime: sparse.registerProbeTime,
      suppressionTime: () => registerStopTime(sparse, random.next),
      sendNullRegister: () => this.sendToRp(nullRegister(source, group.group)),
      changed: () => group.update(),
    });
  }

  get keepaliveRunning(): boolean {
    return this.keepalive.running;
  }

  private get directlyConnected(): boolean {
    return this.rpfRoute !== undefined && this.rpfRoute.neighbor === undefined;
  }

  /** RPF'(S,G): NULL when S is directly connected. */
  rpfPrime(): UpstreamNeighbor | undefined {
    const route = this.rpfRoute;
    return route?.neighbor === undefined ? undefined : { vif: route.vif, address: route.neighbor };
  }

  /** The (S,G) machine of `vif`, made on first use. */
  downstreamOn(vif: number): JoinDownstreamMachine {
    const { context, group, source } = this;
    const echo = () => group.sendPruneEcho(vif, '(S,G)', source);
    return machineOn(this.downstream, vif, () =>
      joinDownstream(
        downstreamContext(
          context,
          vif,
          { machine: 'pim-sparse-downstream', entry: `(${source},${group.group})` },
          () => group.update(),
          echo,
        ),
      ),
    );
  }

  /** The (S,G,rpt) machine of `vif`, made on first use. */
  rptDownstreamOn(vif: number): RptDownstreamMachine {
    const changed = () => this.group.update();
    return machineOn(this.rptDownstream, vif, () =>
      rptDownstream(
        downstreamContext(
          this.context,
          vif,
          { machine: 'pim-sparse-downstream-rpt', entry: `(${this.source},${this.group.group},rpt)` },
          changed,
        ),
      ),
    );
  }

  /** Only existing (S,G,rpt) machines: NoInfo has nothing to do with a Join(*,G) or End of Message. */
  rptDownstreamIf(vif: number): RptDownstreamMachine | undefined {
    return this.rptDownstream.get(vif);
  }

  // ---- The macros of §4.1.6 and §4.5 ----

  joins(): Set<number> {
    return vifsWhere(this.downstream, (machine) => isJoined(machine.state));
  }

  prunesRpt(): Set<number> {
    return vifsWhere(this.rptDownstream, (machine) => isPruned(machine.state));
  }

  /** inherited_olist(S,G,rpt) = (joins(*,G) (-) prunes(S,G,rpt)) (+) pim_include(*,G). */
  inheritedOlistRpt(): Set<number> {
    return union(minus(this.group.joins(), this.prunesRpt()), this.group.pimInclude());
  }

  /** inherited_olist(S,G) = inherited_olist(S,G,rpt) (+) joins(S,G). */
  inheritedOlist(): Set<number> {
    return union(this.inheritedOlistRpt(), this.joins());
  }

  /** JoinDesired(S,G): immediate_olist(S,G) non-NULL, or the Keepalive Timer runs with an olist. */
  joinDesired(): boolean {
    return this.joins().size > 0 || (this.keepalive.running && this.inheritedOlist().size > 0);
  }

  /** PruneDesired(S,G,rpt) (§4.5.9). */
  pruneDesiredRpt(): boolean {
    return (
      this.group.joinDesired() &&
      (this.inheritedOlistRpt().size === 0 ||
        (this.sptBit && !sameNeighbor(this.group.rpfPrime(), this.rpfPrime())))
    );
  }

  /** CouldRegister(S,G) (§4.4.1); a DR that is the RP itself has no one to register with. */
  couldRegister(): boolean {
    const route = this.rpfRoute;
    return (
      route !== undefined &&
      this.directlyConnected &&
      this.context.iAmDr(route.vif) &&
      this.keepalive.running &&
      this.group.rp !== undefined &&
      !this.group.iAmRp
    );
  }

  /** SwitchToSptDesired(S,G): the configured threshold. */
  private switchToSptDesired(): boolean {
    const threshold = this.context.sptThreshold;
    if (threshold === 'immediate') return true;
    if (threshold === 'never') return false;
    return this.rptPackets >= threshold.packets;
  }

  // ---- Events ----

  /** Feeds the macros' levels to the machines, then programs the forwarding entry (§4.5, §4.4.1). */
  evaluate(): void {
    // Data from a directly connected S keeps arriving while the Keepalive Timer runs.
    if (this.directlyConnected && this.keepalive.running && this.rpfRoute)
      this.updateSptBit(this.rpfRoute.vif);
    this.upstream.joinDesired(this.joinDesired());
    this.rptUpstream.evaluate(
      this.group.joinDesired(),
      this.pruneDesiredRpt(),
      this.inheritedOlistRpt().size === 0,
    );
    this.register.couldRegister(this.couldRegister());
    this.program();
  }

  /** The plane asked about (S,G): data from S arrived on `vif` with no entry. */
  unresolved(vif: number): void {
    this.routed = true;
    this.arrivalVif = vif;
    this.programmed = undefined;
    this.dataArrived(vif, 0);
  }

  /**
   * `count` more packets from S arrived on `vif` (0: one the plane raised an upcall for): §4.2's
   * Keepalive rules, Update_SPTbit and CheckSwitchToSpt.
   */
  dataArrived(vif: number, count: number): void {
    const { context, group } = this;
    this.lastActivity = context.clock.now();
    const before = { keepalive: this.keepalive.running, sptBit: this.sptBit };
    const onRpf = vif === this.rpfRoute?.vif;
    if (onRpf && this.directlyConnected) this.keepalive.set(context.sparse.keepalivePeriod);
    if (onRpf && this.upstream.state === 'Joined' && this.inheritedOlist().size > 0)
      this.keepalive.set(context.sparse.keepalivePeriod);
    this.updateSptBit(vif);
    if (vif === group.rpIif && !this.sptBit) {
      this.rptPackets += count;
      // CheckSwitchToSpt: a last-hop DR with members switches once SwitchToSptDesired.
      if (group.pimInclude().size > 0 && this.switchToSptDesired())
        this.keepalive.set(context.sparse.keepalivePeriod);
    }
    // The macros read the Keepalive Timer and the SPT bit as levels: restarting a running timer, as
    // every data poll of a steady stream does, leaves nothing to re-evaluate.
    if (count === 0 || this.keepalive.running !== before.keepalive || this.sptBit !== before.sptBit)
      group.update();
  }

  /** Update_SPTbit(S,G,iif) (§4.2.2); there is no Assert, so no I_Am_Assert_Loser clause. */
  private updateSptBit(vif: number): void {
    const route = this.rpfRoute;
    if (this.sptBit || !route || vif !== route.vif || !this.joinDesired()) return;
    const rpfPrime = this.rpfPrime();
    if (
      this.directlyConnected ||
      route.vif !== this.group.rpIif ||
      this.inheritedOlistRpt().size === 0 ||
      (rpfPrime !== undefined && sameNeighbor(rpfPrime, this.group.rpfPrime()))
    )
      this.sptBit = true;
  }

  /**
   * A Register for (S,G) reached the RP (§4.4.2): a Register-Stop when the RP is on the source's tree
   * or has no one to forward to (SwitchToSptDesired is always true at the RP), and the Keepalive Timer.
   * The kernel decapsulates and forwards the packet itself.
   */
  registerReceived(from: string, to: string): void {
    const { context } = this;
    this.group.update(() => {
      const stop = this.sptBit || this.inheritedOlist().size === 0;
      if (stop) context.port.unicast(registerStop(this.source, this.group.group), to, from);
      this.keepalive.set(stop ? context.sparse.rpKeepalivePeriod : context.sparse.keepalivePeriod);
    });
  }

  /** The plane handed up a packet for the register tunnel: to the RP in a Register, while in Join. */
  tunnel(packet: Buffer): void {
    if (this.register.state === 'Join') this.sendToRp(register(packet));
  }

  /** The MRIB changed: RPF'(S,G) moves, and RPF'(S,G,rpt) with RPF'(*,G) (`rptMoved`). */
  rpfChanged(rptMoved: boolean): void {
    this.rpfRoute = this.routeToSource();
    this.upstream.rpfPrimeChanged(this.rpfPrime());
    if (rptMoved) this.rptUpstream.handle("RPF'(S,G,rpt) changes");
  }

  /** The plane's entry saw nothing for a Keepalive_Period: it goes, and comes back with the next packet. */
  unroute(): void {
    if (this.routed) this.context.plane.deleteRoute(this.source, this.group.group);
    this.routed = false;
    this.programmed = undefined;
    this.counted = { packets: 0, wrongIf: 0 };
  }

  /**
   * The entry as the kernel forwards (§4.2): from RPF_interface(S) to inherited_olist(S,G) once on the
   * source's tree (SPTbit), or at the DR of a directly connected S; else from RPF_interface(RP(G)) to
   * inherited_olist(S,G,rpt); without an RP, nowhere from where the data came. Never back out of the
   * iif; the register tunnel added while the Register state is Join.
   */
  private program(): void {
    if (!this.routed) return;
    const route = this.rpfRoute;
    const rpIif = this.group.rpIif;
    let iif: number;
    let oifs: Set<number>;
    if (route && (this.sptBit || this.directlyConnected)) {
      iif = route.vif;
      oifs = this.sptBit ? this.inheritedOlist() : new Set();
    } else if (rpIif !== undefined) {
      iif = rpIif;
      oifs = this.inheritedOlistRpt();
    } else {
      iif = this.arrivalVif;
      oifs = new Set();
    }
    oifs.delete(iif);
    if (this.register.state === 'Join' && iif !== this.context.registerVif)
      oifs.add(this.context.registerVif);
    const entry = { source: this.source, group: this.group.group, iif, oifs: sorted(oifs) };
    const before = this.programmed;
    if (before && before.iif === entry.iif && before.oifs.join() === entry.oifs.join()) return;
    this.programmed = entry;
    this.context.plane.setRoute(entry);
  }

  /** Nothing left: no state in any machine, no Keepalive Timer, no forwarding entry. */
  get idle(): boolean {
    return (
      !this.routed &&
      !this.sptBit &&
      !this.keepalive.running &&
      this.upstream.state === 'NotJoined' &&
      this.register.state === 'NoInfo' &&
      this.rptUpstream.state !== 'Pruned' &&
      this.rptUpstream.timers()['Override Timer'] === undefined &&
      [...this.downstream.values(), ...this.rptDownstream.values()].every((m) => m.state === 'NoInfo')
    );
  }

  /** Cancels every timer and removes the forwarding entry. */
  delete(): void {
    this.keepalive.cancel();
    this.upstream.cancelTimers();
    this.rptUpstream.cancelTimers();
    this.register.cancelTimers();
    for (const machine of [...this.downstream.values(), ...this.rptDownstream.values()])
      machine.cancelTimers();
    this.unroute();
  }

  /** The (S,G) entry, and the (S,G,rpt) entry when it holds anything. */
  snapshots(): SparseEntrySnapshot[] {
    const { group, source } = this;
    const common = { source, group: group.group, rp: group.rp ?? null };
    const route = this.rpfRoute;
    const sg: SparseEntrySnapshot = {
      kind: '(S,G)',
      ...common,
      rpfVif: route?.vif ?? null,
      rpfNeighbor: this.rpfPrime()?.address ?? null,
      upstream: this.upstream.state,
      sptBit: this.sptBit,
      ...(this.directlyConnected && { register: this.register.state }),
      olist: sorted(this.inheritedOlist()),
      ...(this.routed &&
        this.programmed && { mroute: { iif: this.programmed.iif, oifs: this.programmed.oifs } }),
      downstream: downstreamSnapshots(this.downstream),
      timers: {
        ...this.upstream.timers(),
        ...runningTimers({ 'Keepalive Timer': this.keepalive }),
        ...this.register.timers(),
      },
    };
    const rptDownstream = downstreamSnapshots(this.rptDownstream);
    const rptTimers = this.rptUpstream.timers();
    // Upstream (S,G,rpt) state means something only where there is an RP tree upstream: not at the RP.
    const upstreamRpt =
      group.rpfPrime() !== undefined &&
      (this.rptUpstream.state === 'Pruned' || rptTimers['Override Timer'] !== undefined);
    if (!upstreamRpt && rptDownstream.length === 0) return [sg];
    return [
      sg,
      {
        kind: '(S,G,rpt)',
        ...common,
        rpfVif: group.rpIif ?? null,
        rpfNeighbor: group.rpfPrime()?.address ?? null,
        upstream: this.rptUpstream.state,
        olist: sorted(this.inheritedOlistRpt()),
        downstream: rptDownstream,
        timers: rptTimers,
      },
    ];
  }

  /** Register and Null-Register go from my address on the RPF interface of the RP (§4.4.1). */
  private sendToRp(message: Register): void {
    const rp = this.group.rp;
    const vif = this.group.rpIif;
    const pim = vif === undefined ? undefined : this.context.interfaces.get(vif);
    if (rp === undefined || !pim || this.group.iAmRp) return;
    this.context.port.unicast(message, pim.address, rp);
  }

  private routeToSource(): Rpf | undefined {
    const route = this.context.rpf(this.source);
    return route && this.context.interfaces.has(route.vif) ? route : undefined;
  }
}
