import type { Clock } from '../../../common/clock.js';
import type { EventSink } from '../../../common/protocol-events.js';
import type { Random } from '../../../common/sim/random.js';
import { observation } from '../../../common/state-machine.js';
import type { ForwardingPlane, MrouteEntry } from '../../fib/forwarding-plane.js';
import type { Rpf } from '../../rib/rpf.js';
import { ALL_PIM_ROUTERS, type Assert, type PimMessage, type StateRefresh } from '../../wire/pim/message.js';
import { type AssertMetric, INFINITE_ASSERT_METRIC } from '../common/assert-metric.js';
import type { PimInterface } from '../common/interface.js';
import type { PimPort } from '../common/port.js';
import type { PimTimers } from '../common/timers.js';
import { AssertMachine, type AssertState } from './assert.js';
import { DownstreamMachine, type DownstreamState } from './downstream.js';
import {
  assertMessage,
  graft,
  graftAck,
  join,
  prune,
  type SourceGroup,
  type StateRefreshOrigin,
  stateRefresh,
} from './messages.js';
import { OriginatorMachine, type OriginatorState } from './originator.js';
import { UpstreamMachine, type UpstreamState, type UpstreamTimers } from './upstream.js';

export interface RouterInterface {
  pim: PimInterface;
  prefixLength: number;
}

export interface EntryContext {
  clock: Clock;
  random: Random;
  timers: PimTimers;
  port: PimPort;
  plane: ForwardingPlane;
  interfaces: ReadonlyMap<number, RouterInterface>;
  hasLocalMembers(vif: number, group: string): boolean;
  /** Where the machines report their transitions, if anywhere. */
  sink?: EventSink;
}

/** How far a State Refresh travels: data TTLs are not seen through the plane, so hosts' default 16. */
export const STATE_REFRESH_TTL = 16;

export interface SourceGroupSnapshot {
  source: string;
  group: string;
  rpfVif: number;
  /** RPF'(S); null when S is directly connected. */
  rpfNeighbor: string | null;
  upstream: {
    state: UpstreamState;
    originator?: OriginatorState;
    /** Assert state of the RPF interface, whose winner is RPF'(S). */
    assertState: AssertState;
    timers: UpstreamTimers & { SAT?: number; SRT?: number; AT?: number };
  };
  downstream: {
    vif: number;
    pruneState: DownstreamState;
    assertState: AssertState;
    assertWinner?: string;
    timers: { PT?: number; PPT?: number; AT?: number };
  }[];
  oifs: number[];
}

/**
 * A router's (S,G) state (RFC 3973 §4.1.2): the Upstream machine and, if State Refresh is on, the
 * Originator machine of the RPF interface, a Downstream and an Assert machine per interface. It
 * programs olist(S,G) into the forwarding plane whenever that changes.
 */
export class SourceGroupEntry implements SourceGroup {
  /** Packets the plane counted from S on the RPF interface, as last read. */
  packets = 0;
  /** When data from S, or a State Refresh for it, was last seen. */
  lastActivity: number;
  private rpf: Rpf;
  private readonly upstream: UpstreamMachine;
  private readonly originator: OriginatorMachine | undefined;
  private readonly machines = new Map<number, { downstream: DownstreamMachine; assert: AssertMachine }>();
  private programmed: MrouteEntry | undefined;
  /** Forwarding is the starting state: olist(S,G) counts as non-NULL until computed. */
  private olistWasEmpty = false;
  private lastRpfPrime: string;
  private deleted = false;

  constructor(
    private readonly context: EntryContext,
    readonly source: string,
    readonly group: string,
    rpf: Rpf,
  ) {
    const { clock, random, timers, port, sink } = context;
    const sg = `(${source},${group})`;
    this.rpf = rpf;
    this.lastActivity = clock.now();
    this.lastRpfPrime = this.rpfPrimeKey();
    this.upstream = new UpstreamMachine({
      observed: observation(sink, 'pim-dense-upstream', sg),
      clock,
      random,
      timers,
      overrideInterval: () => this.pim(this.rpf.vif).lanPruneDelay().overrideInterval,
      sendPrune: () => this.sendUpstream((to) => prune(this, to, timers.pruneHoldtimeSeconds), false),
      sendJoin: () => this.sendUpstream((to) => join(this, to, timers.pruneHoldtimeSeconds), false),
      sendGraft: () => this.sendUpstream((to) => graft(this, to), true),
    });
    const interval = timers.stateRefreshIntervalSeconds;
    this.originator =
      interval === null
        ? undefined
        : new OriginatorMachine({
            observed: observation(sink, 'pim-dense-originator', sg),
            clock,
            timers,
            stateRefreshIntervalSeconds: interval,
            sendStateRefresh: () => this.originateStateRefresh(interval),
          });
    for (const vif of context.interfaces.keys()) {
      const downstream = new DownstreamMachine({
        observed: observation(sink, 'pim-dense-downstream', `${sg} ${this.pim(vif).name}`),
        clock,
        prunePendingTime: () => {
          const pim = this.pim(vif);
          return pim.neighbors.size > 1 ? pim.joinPruneOverrideInterval() : 0;
        },
        // Only other downstream routers need the echo (§4.4.2).
        sendPruneEcho: (holdtimeMs) => {
          const pim = this.pim(vif);
          if (pim.neighbors.size > 1)
            port.send(vif, prune(this, pim.address, seconds(holdtimeMs)), ALL_PIM_ROUTERS);
        },
        sendGraftAck: (grafter) => port.send(vif, graftAck(this, grafter), grafter),
        changed: () => this.update(),
      });
      const sptMetric = (): AssertMetric => ({
        rptBit: false,
        metricPreference: this.rpf.metricPreference,
        metric: this.rpf.metric,
        address: this.pim(vif).address,
      });
      const assert = new AssertMachine({
        observed: observation(sink, 'pim-dense-assert', `${sg} ${this.pim(vif).name}`),
        clock,
        timers,
        couldAssert: () => vif !== this.rpf.vif,
        sptMetric,
        sendAssert: () => port.send(vif, assertMessage(this, sptMetric()), ALL_PIM_ROUTERS),
        sendAssertCancel: () => port.send(vif, assertMessage(this, INFINITE_ASSERT_METRIC), ALL_PIM_ROUTERS),
        sendPrune: (winner, holdtimeMs) =>
          port.send(vif, prune(this, winner, seconds(holdtimeMs)), ALL_PIM_ROUTERS),
        changed: () => this.update(),
      });
      this.machines.set(vif, { downstream, assert });
    }
  }

  get rpfVif(): number {
    return this.rpf.vif;
  }

  private get directlyConnected(): boolean {
    return this.rpf.neighbor === undefined;
  }

  /** RPF'(S) (§4.1.3): the Assert winner on the RPF interface if there is one, else the RPF neighbor. */
  private rpfPrime(): string | undefined {
    if (this.directlyConnected) return undefined;
    return this.machines.get(this.rpf.vif)?.assert.winner ?? this.rpf.neighbor;
  }

  /**
   * olist(S,G) (§4.1.3): interfaces with PIM neighbors that did not prune, and interfaces with local
   * members, less the RPF interface and the interfaces where this router lost an Assert.
   */
  private olist(): number[] {
    const oifs: number[] = [];
    for (const [vif, { downstream, assert }] of this.machines) {
      if (vif === this.rpf.vif || assert.state === 'Loser') continue;
      const neighbors = this.pim(vif).neighbors.size > 0 && downstream.state !== 'Pruned';
      if (neighbors || this.context.hasLocalMembers(vif, this.group)) oifs.push(vif);
    }
    return oifs.sort((a, b) => a - b);
  }

  /**
   * Re-evaluates after any change: olist(S,G) and RPF'(S) changes are Upstream events (unless S is
   * directly connected, with no one upstream), and the plane gets the new entry.
   */
  update(): void {
    if (this.deleted) return;
    const oifs = this.olist();
    const empty = oifs.length === 0;
    const rpfPrime = this.rpfPrimeKey();
    const rpfChanged = rpfPrime !== this.lastRpfPrime;
    const olistChanged = empty !== this.olistWasEmpty;
    this.lastRpfPrime = rpfPrime;
    this.olistWasEmpty = empty;
    if (!this.directlyConnected) {
      if (rpfChanged)
        this.upstream.handle(
          empty ? "RPF'(S) changes, olist(S,G) NULL" : "RPF'(S) changes, olist(S,G) non-NULL",
        );
      else if (olistChanged) this.upstream.handle(empty ? 'olist(S,G) -> NULL' : 'olist(S,G) -> non-NULL');
    }
    const { programmed } = this;
    if (programmed && programmed.iif === this.rpf.vif && sameList(programmed.oifs, oifs)) return;
    this.programmed = { source: this.source, group: this.group, iif: this.rpf.vif, oifs };
    this.context.plane.setRoute(this.programmed);
  }

  /** Programs the plane again, as when it asks about an (S,G) it should know. */
  reprogram(): void {
    this.programmed = undefined;
    this.update();
  }

  /** Data from S arrived on the RPF interface. */
  dataArrived(): void {
    this.lastActivity = this.context.clock.now();
    if (this.directlyConnected) this.originator?.handle('Receive Data from S AND S directly connected');
    else if (this.olist().length === 0 && !this.upstream.pruneLimitRunning)
      this.upstream.handle('Data arrives on RPF_Interface(S), olist(S,G) NULL, PLT(S,G) not running');
  }

  /** Data from S arrived on another interface than the RPF one: someone else forwards there. */
  wrongInterface(vif: number): void {
    if (this.olist().includes(vif))
      this.machines.get(vif)?.assert.handle('An (S,G) data packet arrives on downstream interface I');
  }

  join(vif: number, upstreamNeighbor: string): void {
    if (vif === this.rpf.vif) {
      if (!this.directlyConnected && upstreamNeighbor === this.rpfPrime())
        this.upstream.handle("See Join(S,G) to RPF'(S)");
      return;
    }
    if (upstreamNeighbor !== this.pim(vif).address) return;
    this.machines.get(vif)?.downstream.handle('Receive Join(S,G)');
    this.machines.get(vif)?.assert.handle('Receive Prune(S,G), Join(S,G) or Graft(S,G)');
  }

  prune(vif: number, upstreamNeighbor: string, holdtimeMs: number): void {
    if (vif === this.rpf.vif) {
      if (!this.directlyConnected) this.upstream.seePrune(holdtimeMs);
      return;
    }
    if (upstreamNeighbor !== this.pim(vif).address) return;
    this.machines.get(vif)?.downstream.receivePrune(holdtimeMs);
    this.machines.get(vif)?.assert.handle('Receive Prune(S,G), Join(S,G) or Graft(S,G)');
  }

  graft(vif: number, upstreamNeighbor: string, grafter: string): void {
    if (upstreamNeighbor !== this.pim(vif).address) return;
    this.machines.get(vif)?.downstream.receiveGraft(grafter);
    if (vif !== this.rpf.vif)
      this.machines.get(vif)?.assert.handle('Receive Prune(S,G), Join(S,G) or Graft(S,G)');
  }

  graftAck(vif: number, from: string): void {
    if (vif === this.rpf.vif && !this.directlyConnected && from === this.rpfPrime())
      this.upstream.handle("Graft Ack(S,G) from RPF'(S)");
  }

  assert(vif: number, message: Assert, from: string): void {
    const { rptBit, metricPreference, metric } = message;
    this.machines.get(vif)?.assert.received({ metric: { rptBit, metricPreference, metric, address: from } });
  }

  /**
   * A State Refresh (§4.5): on any interface it stands for its sender's Assert; from RPF'(S) it
   * refreshes the Upstream machine and is forwarded downstream while its TTL lasts.
   */
  stateRefresh(vif: number, message: StateRefresh, from: string): void {
    const { rptBit, metricPreference, metric, intervalSeconds } = message;
    this.machines.get(vif)?.assert.received({
      metric: { rptBit, metricPreference, metric, address: from },
      stateRefreshIntervalSeconds: intervalSeconds,
    });
    if (vif !== this.rpf.vif || this.directlyConnected || from !== this.rpfPrime()) return;
    this.lastActivity = this.context.clock.now();
    if (message.pruneIndicator) this.upstream.handle("State Refresh(S,G) from RPF'(S), Prune Indicator 1");
    else if (!this.upstream.pruneLimitRunning)
      this.upstream.handle("State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running");
    const { originator, maskLength, ttl } = message;
    if (ttl > 1) this.sendStateRefresh({ originator, maskLength, ttl: ttl - 1, intervalSeconds });
  }

  neighborDown(vif: number, address: string): void {
    const assert = this.machines.get(vif)?.assert;
    if (assert?.winner === address) assert.handle("Winner's NLT(N,I) expires");
    this.update();
  }

  neighborRestarted(vif: number, address: string): void {
    if (vif === this.rpf.vif && address === this.rpfPrime()) this.upstream.handle("RPF'(S) restarts");
  }

  /** The unicast route to S changed (§4.4.1, §4.4.2, §4.6.1 each have events for it). */
  rpfChanged(rpf: Rpf): void {
    const old = this.rpf;
    this.rpf = rpf;
    if (old.vif !== rpf.vif) {
      this.machines.get(rpf.vif)?.downstream.handle('RPF_Interface(S) becomes I');
      this.machines.get(rpf.vif)?.assert.handle('CouldAssert -> FALSE');
      this.machines.get(old.vif)?.assert.handle('CouldAssert -> TRUE');
    }
    if (old.neighbor !== undefined && rpf.neighbor === undefined)
      this.upstream.handle('S becomes directly connected');
    if (old.neighbor === undefined && rpf.neighbor !== undefined)
      this.originator?.handle('S no longer directly connected');
    this.update();
  }

  /** Cancels every timer and removes the plane's entry. */
  delete(): void {
    this.deleted = true;
    this.upstream.cancelTimers();
    this.originator?.cancelTimers();
    for (const { downstream, assert } of this.machines.values()) {
      downstream.cancelTimers();
      assert.cancelTimers();
    }
    this.context.plane.deleteRoute(this.source, this.group);
  }

  snapshot(): SourceGroupSnapshot {
    const rpfAssert = this.machines.get(this.rpf.vif)?.assert;
    return {
      source: this.source,
      group: this.group,
      rpfVif: this.rpf.vif,
      rpfNeighbor: this.rpfPrime() ?? null,
      upstream: {
        state: this.upstream.state,
        ...(this.originator && { originator: this.originator.state }),
        assertState: rpfAssert?.state ?? 'NoInfo',
        timers: { ...this.upstream.timers(), ...this.originator?.timers(), ...rpfAssert?.timers() },
      },
      downstream: [...this.machines]
        .filter(([vif]) => vif !== this.rpf.vif)
        .sort(([a], [b]) => a - b)
        .map(([vif, { downstream, assert }]) => {
          const winner = assert.state === 'Winner' ? this.pim(vif).address : assert.winner;
          return {
            vif,
            pruneState: downstream.state,
            assertState: assert.state,
            ...(winner !== undefined && { assertWinner: winner }),
            timers: { ...downstream.timers(), ...assert.timers() },
          };
        }),
      oifs: this.olist(),
    };
  }

  private pim(vif: number): PimInterface {
    return this.routerInterface(vif).pim;
  }

  /** The router makes (S,G) state only for routes through its own interfaces. */
  private routerInterface(vif: number): RouterInterface {
    const iface = this.context.interfaces.get(vif);
    if (!iface) throw new Error(`no PIM interface ${vif}`);
    return iface;
  }

  private rpfPrimeKey(): string {
    return `${this.rpf.vif} ${this.rpfPrime() ?? ''}`;
  }

  /** Upstream messages go to RPF'(S) on the RPF interface: Grafts unicast, the others to the link. */
  private sendUpstream(build: (rpfPrime: string) => PimMessage, unicast: boolean): void {
    const to = this.rpfPrime();
    if (to === undefined) return;
    this.context.port.send(this.rpf.vif, build(to), unicast ? to : ALL_PIM_ROUTERS);
  }

  /** The first-hop router's State Refresh, from its address towards S (§4.5). */
  private originateStateRefresh(intervalSeconds: number): void {
    const iface = this.routerInterface(this.rpf.vif);
    this.sendStateRefresh({
      originator: iface.pim.address,
      maskLength: iface.prefixLength,
      ttl: STATE_REFRESH_TTL,
      intervalSeconds,
    });
  }

  /**
   * Out of every interface with neighbors but the RPF one and those where this router lost the
   * Assert, with the Prune Indicator telling whether that interface is pruned (§4.5). The Prune
   * Timer is refreshed only where every neighbor understands State Refresh.
   */
  private sendStateRefresh(origin: StateRefreshOrigin): void {
    for (const [vif, { downstream, assert }] of this.machines) {
      const pim = this.pim(vif);
      if (vif === this.rpf.vif || pim.neighbors.size === 0 || assert.state === 'Loser') continue;
      const bits = {
        pruneIndicator: downstream.state === 'Pruned',
        assertOverride: assert.state === 'NoInfo',
      };
      this.context.port.send(vif, stateRefresh(this, origin, this.rpf, bits), ALL_PIM_ROUTERS);
      assert.sentStateRefresh(origin.intervalSeconds);
      if (pim.neighbors.list().every((n) => n.stateRefreshCapable))
        downstream.handle('Send State Refresh(S,G) out I');
    }
  }
}

/** Holdtimes go on the wire in whole seconds. */
function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
