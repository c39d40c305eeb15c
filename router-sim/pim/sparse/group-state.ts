import { observation } from '../../../common/state-machine.js';
import type { Rpf } from '../../rib/rpf.js';
import { ALL_PIM_ROUTERS } from '../../wire/pim/message.js';
import type { SparseContext } from './context.js';
import { downstreamContext, machineOn, sameNeighbor, tOverride } from './context.js';
import { isJoined, type JoinDownstreamMachine, joinDownstream } from './downstream.js';
import { joinPruneMessages, type TreeKind } from './messages.js';
import { downstreamSnapshots, type SparseEntrySnapshot } from './snapshot.js';
import { SourceState } from './source-state.js';
import type { StarGState } from './star-g.js';
import { joinSuppressionTime } from './timers.js';
import { UpstreamMachine, type UpstreamNeighbor } from './upstream.js';
import { sorted, union, vifsWhere } from './vif-sets.js';

/** Most passes of `update` before it gives up on a state that keeps changing (it never should). */
const MAX_PASSES = 8;

/**
 * Everything a router knows about group G (RFC 7761 §4.1): the (*,G) entry — a downstream machine
 * per interface and the upstream machine towards the RP — and the (S,G) entries of its sources.
 * Every change of state ends in `update`, which evaluates the §4.1.6 macros again, feeds their
 * levels to the machines and programs the sources' forwarding entries.
 */
export class GroupState implements StarGState {
  readonly rp: string | undefined;
  readonly iAmRp: boolean;
  readonly upstream: UpstreamMachine;
  readonly sources = new Map<string, SourceState>();
  private readonly downstream = new Map<number, JoinDownstreamMachine>();
  private rpRoute: Rpf | undefined;
  private updating = false;
  private dirty = false;
  private deleted = false;

  constructor(
    private readonly context: SparseContext,
    readonly group: string,
    rp: string | undefined,
    /** Called after each update: the router forgets what has no state left. */
    private readonly settled: (group: GroupState) => void,
  ) {
    this.rp = rp;
    this.iAmRp = rp !== undefined && context.isMyAddress(rp);
    this.rpRoute = this.routeToRp();
    this.upstream = new UpstreamMachine(
      {
        observed: observation(context.sink, 'pim-sparse-upstream', `(*,${group})`),
        clock: context.clock,
        period: context.sparse.joinPrunePeriod,
        suppressed: () => joinSuppressionTime(context.sparse, context.random.next),
        override: () => tOverride(context, this.rpfPrime()?.vif),
        sendJoin: (to) => this.send(to, '(*,G)', 'joins'),
        sendPrune: (to) => this.send(to, '(*,G)', 'prunes'),
      },
      this.rpfPrime(),
    );
  }

  /** RPF_interface(RP(G)): the register VIF at the RP, where decapsulated Registers come in. */
  get rpIif(): number | undefined {
    return this.iAmRp ? this.context.registerVif : this.rpRoute?.vif;
  }

  /** RPF'(*,G): NULL at the RP; the RP itself when it is on a connected LAN. */
  rpfPrime(): UpstreamNeighbor | undefined {
    const route = this.rpRoute;
    if (!route || this.rp === undefined) return undefined;
    return { vif: route.vif, address: route.neighbor ?? this.rp };
  }

  /** joins(*,G) (§4.1.6). */
  joins(): Set<number> {
    return vifsWhere(this.downstream, (machine) => isJoined(machine.state));
  }

  /** pim_include(*,G): local members where this router is DR (no Assert, so none is lost). */
  pimInclude(): Set<number> {
    const included = new Set<number>();
    for (const vif of this.context.interfaces.keys())
      if (this.context.iAmDr(vif) && this.context.hasLocalMembers(vif, this.group)) included.add(vif);
    return included;
  }

  immediateOlist(): Set<number> {
    return union(this.joins(), this.pimInclude());
  }

  /** JoinDesired(*,G), which is RPTJoinDesired(G) without (*,*,RP) state. */
  joinDesired(): boolean {
    return this.rp !== undefined && this.immediateOlist().size > 0;
  }

  /** The (*,G) machine of `vif`, made on first use. */
  downstreamOn(vif: number): JoinDownstreamMachine {
    return machineOn(this.downstream, vif, () =>
      joinDownstream(
        downstreamContext(
          this.context,
          vif,
          { machine: 'pim-sparse-downstream', entry: `(*,${this.group})` },
          () => this.update(),
          () => this.sendPruneEcho(vif),
        ),
      ),
    );
  }

  source(source: string): SourceState | undefined {
    return this.sources.get(source);
  }

  /** The (S,G) entry, made if need be. */
  sourceState(source: string): SourceState {
    const known = this.sources.get(source);
    if (known) return known;
    const state = new SourceState(this.context, this, source);
    this.sources.set(source, state);
    return state;
  }

  /**
   * Re-evaluates everything after a change (or once `act` has made its changes): changes made while
   * updating only call for another pass.
   */
  update(act?: () => void): void {
    if (this.deleted) return;
    if (this.updating) {
      act?.();
      this.dirty = true;
      return;
    }
    this.updating = true;
    try {
      act?.();
      let passes = 0;
      do {
        this.dirty = false;
        this.upstream.joinDesired(this.joinDesired());
        for (const source of [...this.sources.values()]) source.evaluate();
      } while (this.dirty && ++passes < MAX_PASSES);
    } finally {
      this.updating = false;
    }
    this.settled(this);
  }

  /** The unicast routes changed: RPF'(*,G) and every RPF'(S,G) may have moved. */
  rpfChanged(): void {
    this.update(() => {
      const before = this.rpfPrime();
      this.rpRoute = this.routeToRp();
      const after = this.rpfPrime();
      this.upstream.rpfPrimeChanged(after);
      const moved = !sameNeighbor(before, after) && (before !== undefined || after !== undefined);
      for (const source of this.sources.values()) source.rpfChanged(moved);
    });
  }

  /**
   * Nothing left: no (*,G) state, no source, and no member on any interface — also where another router
   * is DR, so that this one knows the group should it become DR.
   */
  get idle(): boolean {
    return (
      this.sources.size === 0 &&
      this.upstream.state === 'NotJoined' &&
      this.joins().size === 0 &&
      ![...this.context.interfaces.keys()].some((vif) => this.context.hasLocalMembers(vif, this.group))
    );
  }

  /** Cancels every timer and removes every forwarding entry. */
  delete(): void {
    this.deleted = true;
    this.upstream.cancelTimers();
    for (const machine of this.downstream.values()) machine.cancelTimers();
    for (const source of this.sources.values()) source.delete();
    this.sources.clear();
  }

  /** The (*,G) entry, unless it holds nothing. */
  snapshot(): SparseEntrySnapshot | undefined {
    const downstream = downstreamSnapshots(this.downstream);
    const olist = sorted(this.immediateOlist());
    if (this.upstream.state === 'NotJoined' && downstream.length === 0 && olist.length === 0)
      return undefined;
    return {
      kind: '(*,G)',
      group: this.group,
      rp: this.rp ?? null,
      rpfVif: this.rpIif ?? null,
      rpfNeighbor: this.rpfPrime()?.address ?? null,
      upstream: this.upstream.state,
      olist,
      downstream,
      timers: this.upstream.timers(),
    };
  }

  /** A Join or Prune of (*,G), or of one of G's trees, to `to` (nothing when RPF' is NULL). */
  send(to: UpstreamNeighbor | undefined, kind: TreeKind, list: 'joins' | 'prunes', source?: string): void {
    const address = kind === '(*,G)' ? this.rp : source;
    if (!to || address === undefined) return;
    this.context.sender.send(to, { kind, group: this.group, address, list });
  }

  /**
   * A Prune naming this router, for downstream routers on `vif` that would still want the tree
   * (§4.5.2, §4.5.3); only when there are some.
   */
  sendPruneEcho(vif: number, kind: TreeKind = '(*,G)', source?: string): void {
    const pim = this.context.interfaces.get(vif);
    const address = kind === '(*,G)' ? this.rp : source;
    if (!pim || pim.neighbors.size < 2 || address === undefined) return;
    const entry = { kind, group: this.group, address, list: 'prunes' as const };
    for (const message of joinPruneMessages(pim.address, this.context.sparse.joinPruneHoldtimeSeconds, [
      entry,
    ]))
      this.context.port.send(vif, message, ALL_PIM_ROUTERS);
  }

  private routeToRp(): Rpf | undefined {
    if (this.rp === undefined || this.iAmRp) return undefined;
    const route = this.context.rpf(this.rp);
    return route && this.context.interfaces.has(route.vif) ? route : undefined;
  }
}
