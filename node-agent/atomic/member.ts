import type { Timer } from '../../common/clock.js';
import type { DeliveryRecord } from '../group-types/delivery-record.js';
import { decodeVs } from '../views/codec.js';
import type { VsInstall } from '../views/messages.js';
import { hasQuorum } from '../views/partition.js';
import { byId, isIn, memberKey, sameRef } from '../views/view.js';
import type { LogEntry, ViewRecord } from '../views/view-record.js';
import type { MemberId } from '../wire/messages.js';
import { MemberContext } from './context.js';
import { Coordinator } from './coordinator.js';
import { Delivery } from './delivery.js';
import { Follower } from './follower.js';
import { Heartbeats } from './heartbeats.js';
import { InView } from './in-view.js';
import { Joiner } from './joiner.js';
import { readAtomicStore, viewStoreRecord } from './records.js';
import { atomicState, atomicStats, inspectMember, viewInfo } from './snapshot.js';
import type { AtomicGroupSetup, AtomicSendResult, AtomicState, AtomicStats, ViewInfo } from './types.js';

/**
 * A member of a view-synchronous group (virtual synchrony): reliable FIFO multicast within views, view
 * changes agreed by a flush so that members that survive a view into the next deliver the same messages
 * in it (a message of a crashed sender reaches every survivor or none), views delivered in order with
 * the messages, failure detection by heartbeats, partition handling per `partitionMode`, and a
 * persistent store from which a restarted member catches up without loss or duplicates. Pure protocol
 * logic: time from the Clock, datagrams from `receive`. Protocol and guarantees: atomic/README.md.
 *
 * This class is the member's core: the API, the periodic tick, and moving between views. It composes the
 * parts: data within a view (in-view.ts), statuses and heartbeats (heartbeats.ts), the coordinator's
 * duties (coordinator.ts), a survivor's part in a flush (follower.ts), joining and catching up (joiner.ts,
 * catch-up.ts), the delivery of messages (delivery.ts), and what it shows of itself (snapshot.ts).
 */
export class AtomicGroupMember {
  private readonly ctx: MemberContext;
  private readonly follower: Follower;
  private readonly coordinator: Coordinator;
  private readonly joiner: Joiner;
  private readonly delivery: Delivery;
  private readonly heartbeats: Heartbeats;
  private readonly data: InView;
  private readonly recoveredEntries: LogEntry[];
  private readonly viewListeners: ((record: ViewRecord) => void)[] = [];
  private leaving: { done: Promise<void>; resolve: () => void; since: number } | undefined;
  private timer: Timer | undefined;

  constructor(private readonly setup: AtomicGroupSetup) {
    const ctx = new MemberContext(setup);
    this.ctx = ctx;
    this.follower = new Follower(ctx, {
      seniorTakesOver: () => this.coordinator.abandon(),
      applyInstall: (install) => this.applyInstall(install),
    });
    this.delivery = new Delivery(ctx, this.follower, {
      sendControl: (control) => this.data.sendControl(control),
      sendPropose: (to, ref, proposal) =>
        ctx.sendTo(to, { ...ctx.envelope(), type: 'propose', ref, proposal }),
    });
    this.coordinator = new Coordinator(ctx, this.follower, {
      deliverCut: (cut) => this.delivery.deliverCut(cut),
      applyInstall: (install) => this.applyInstall(install),
    });
    this.joiner = new Joiner(ctx, {
      deliverOne: (stream, catchUp) => this.delivery.deliverOne(stream, catchUp),
      installView: (install, joined) => this.installView(install, joined),
    });
    const { follower, coordinator, joiner, delivery } = this;
    this.heartbeats = new Heartbeats(ctx, follower, coordinator, joiner, delivery);
    const parts = { follower, coordinator, joiner, delivery, heartbeats: this.heartbeats };
    this.data = new InView(ctx, parts, () => this.leaving !== undefined);
    const recovered = readAtomicStore(setup.store, setup.options.group);
    for (const message of recovered.messages) ctx.streams.restore(message);
    this.recoveredEntries = recovered.entries;
    ctx.wasMember = recovered.lastView !== undefined;
    ctx.maxViewSeen = recovered.lastView ?? 0;
    if (setup.viewInstalled) this.viewListeners.push(setup.viewInstalled);
    this.delivery.listeners.push(setup.deliver);
  }

  /**
   * Joins the group: asks the coordinator of a view it hears of to add it, or starts a view of its own
   * when it hears none. A member whose store shows it was a member before (a restarted process) catches
   * up on what the group delivered meanwhile, skipping what its store already holds.
   */
  join(): void {
    const { phase } = this.ctx;
    if (phase === 'joining' || phase === 'member' || phase === 'stopped') return;
    this.startJoining(this.ctx.wasMember, undefined);
    this.tick();
  }

  /** Leaves through a view change (its messages are flushed first); resolves once out of the group. */
  leave(): Promise<void> {
    const { ctx } = this;
    if (ctx.phase !== 'member' || !ctx.current) {
      if (ctx.phase === 'joining') this.finishLeave();
      return Promise.resolve();
    }
    if (this.leaving) return this.leaving.done;
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    this.leaving = { done, resolve, since: ctx.now() };
    this.coordinator.requestLeave(ctx.me());
    this.tick();
    return done;
  }

  send(payload: Buffer): AtomicSendResult {
    return this.data.send(payload);
  }

  /** Sends, waiting out back-pressure and view changes; rejects when the member cannot send at all. */
  async sendWhenReady(payload: Buffer): Promise<{ msgId: string; seq: number }> {
    for (;;) {
      const result = this.send(payload);
      if (result.status === 'sent') return result;
      if (result.status === 'rejected') throw new Error(`send rejected: ${result.reason}`);
      await result.ready;
    }
  }

  /** A datagram for this group arrived; `from` is the hop it came from. */
  receive(bytes: Buffer, from: MemberId): void {
    const { ctx } = this;
    if (ctx.phase === 'stopped' || ctx.phase === 'idle' || ctx.phase === 'left') return;
    const message = decodeVs(bytes);
    if (!message || message.group !== this.setup.options.group) {
      ctx.counters.malformed++;
      return;
    }
    if (message.origin === ctx.self && message.inc === ctx.inc) return;
    ctx.dissemination.forward(bytes, message, from);
    ctx.maxViewSeen = Math.max(ctx.maxViewSeen, message.view);
    switch (message.type) {
      case 'data':
        this.data.onData(message);
        break;
      case 'status':
        this.heartbeats.onStatus(message, from);
        break;
      case 'fetch':
        this.data.onFetch(message);
        break;
      case 'join':
        this.coordinator.onJoin(message);
        break;
      case 'leave':
        this.coordinator.onLeave(message);
        break;
      case 'prepare':
        this.follower.onPrepare(message);
        break;
      case 'flush-ok':
        this.coordinator.onFlushOk(message);
        break;
      case 'cut':
        this.follower.onCut(message);
        break;
      case 'cut-done':
        this.coordinator.onCutDone(message);
        break;
      case 'install':
        this.onInstall(message);
        break;
      case 'propose':
        if (ctx.current && message.view === ctx.current.id) this.delivery.proposed(message);
        break;
      case 'sync':
        if (ctx.lastInstall && ctx.phase === 'member') ctx.sendTo(message.origin, ctx.lastInstall);
        break;
    }
  }

  /** The current view (id 0 and no members while the member has none). */
  view(): ViewInfo {
    return viewInfo(this.ctx);
  }

  state(): AtomicState {
    return atomicState(this.ctx, this.follower);
  }

  get group(): string {
    return this.setup.options.group;
  }

  get self(): MemberId {
    return this.setup.self;
  }

  /** This member's current incarnation (0 before it first joins). */
  incarnation(): number {
    return this.ctx.inc;
  }

  /** What the store held when this member was constructed: the earlier process's log entries. */
  recovered(): readonly LogEntry[] {
    return this.recoveredEntries;
  }

  /** Protocol state for diagnostics (a JSON-friendly snapshot; its shape may change). */
  inspect(): Record<string, unknown> {
    return inspectMember(this.ctx, {
      follower: this.follower,
      coordinator: this.coordinator,
      joiner: this.joiner,
    });
  }

  onDeliver(listener: (record: DeliveryRecord, payload: Buffer) => void): () => void {
    return subscribe(this.delivery.listeners, listener);
  }

  onView(listener: (record: ViewRecord) => void): () => void {
    return subscribe(this.viewListeners, listener);
  }

  stats(): AtomicStats {
    return atomicStats(this.ctx, this.state(), this.delivery.holding);
  }

  /** Stops all timers and ignores everything from now on (no leave: to others it looks like a crash). */
  stop(): void {
    this.ctx.phase = 'stopped';
    this.timer?.cancel();
    this.heartbeats.cancel();
    this.ctx.wake();
  }

  // ---- periodic work ---------------------------------------------------------------------------

  private tick(): void {
    const { ctx } = this;
    this.timer?.cancel();
    if (ctx.phase !== 'joining' && ctx.phase !== 'member') return;
    this.heartbeats.sendNow();
    const now = ctx.now();
    if (ctx.phase === 'joining') this.joiner.tick(now);
    else this.memberTick(now);
    if (ctx.phase !== 'joining' && ctx.phase !== 'member') return;
    const period = ctx.timing.heartbeatMs * (0.9 + 0.2 * this.setup.random.next());
    this.timer = this.setup.clock.setTimer(period, () => this.tick());
  }

  private memberTick(now: number): void {
    const { ctx } = this;
    const view = ctx.current;
    if (!view) return;
    const alive = ctx.alive(now);
    const wasBlocked = ctx.blocked;
    ctx.blocked = !hasQuorum(this.setup.partitionMode, view, alive);
    if (wasBlocked && !ctx.blocked) ctx.wake();
    if (ctx.blocked && this.heartbeats.heardOtherLiveView(now)) {
      this.startJoining(true, undefined); // the primary partition lives elsewhere: rejoin it and catch up
      return;
    }
    this.follower.tryInstall();
    if (!ctx.current || ctx.phase !== 'member') return;
    this.coordinator.tick(now, alive);
    this.delivery.tick();
    this.follower.retry();
    this.data.fetchGaps();
    this.coordinator.lookForMerge(now);
    const leaving = this.leaving;
    if (leaving) {
      const coordinator = ctx.actingCoordinator(now);
      if (coordinator !== ctx.self)
        ctx.sendTo(coordinator, { ...ctx.envelope(), type: 'leave', to: coordinator });
      if (leaving.since + ctx.timing.flushLeaseMs <= now) this.finishLeave(); // the group does not answer
    }
  }

  // ---- moving between views --------------------------------------------------------------------

  private onInstall(message: VsInstall): void {
    const { ctx } = this;
    const me = ctx.me();
    if (ctx.phase === 'joining') {
      this.joiner.onInstall(message);
      return;
    }
    const view = ctx.current;
    if (ctx.phase !== 'member' || !view) return;
    if (sameRef(message.prev, view)) {
      if (this.follower.installPending) return;
      if (message.next && !isIn(message.next, me) && !message.dissolveInto && !this.leaving) {
        this.startJoining(true, undefined); // excluded (a partition or a false suspicion): rejoin
        return;
      }
      this.follower.offer(message);
      return;
    }
    const next = message.next;
    if (!next || sameRef(next, view)) return;
    if (isIn(next, me) || byId(view, message.origin)) {
      // Views went on without this member (it missed some, or was excluded): rejoin and catch up.
      if (next.id > view.id) this.startJoining(true, undefined);
      return;
    }
    this.coordinator.heardOtherView(next);
  }

  /** The end of the current view: deliver up to the cut, drop what lies beyond, then move on. */
  private applyInstall(install: VsInstall): void {
    const { ctx } = this;
    const view = ctx.current;
    if (!view) return;
    this.delivery.deliverCut(install.cut);
    for (const s of ctx.viewStreams(view)) {
      const stream = ctx.streams.get(s.sender, s.inc);
      const limit =
        install.cut.find((c) => c.sender === s.sender && c.inc === s.inc)?.next ?? stream?.delivered ?? 0;
      if (stream) ctx.streams.discardFrom(stream, limit);
    }
    this.follower.endView();
    this.coordinator.abandon();
    if (install.next && isIn(install.next, ctx.me())) this.installView(install, false);
    else if (install.dissolveInto) this.startJoining(false, install.dissolveInto);
    else if (this.leaving) this.finishLeave();
    else this.startJoining(true, undefined);
  }

  /** Installs `install.next`: a survivor after delivering the old view's cut, or a joiner after catching up. */
  private installView(install: VsInstall, joined: boolean): void {
    const { ctx } = this;
    const next = install.next;
    if (!next) return;
    const prev = ctx.current;
    ctx.phase = 'member';
    ctx.current = next;
    ctx.lastInstall = install;
    this.joiner.done();
    ctx.maxViewSeen = Math.max(ctx.maxViewSeen, next.id);
    ctx.blocked = false;
    this.coordinator.installed();
    ctx.wasMember = true;
    for (const s of ctx.viewStreams(next)) ctx.streams.open(s.sender, s.inc, 0);
    for (const key of [...ctx.digests.keys()])
      if (!next.members.some((m) => memberKey(m) === key)) ctx.digests.delete(key);
    const now = ctx.now();
    ctx.fd.watch(next.members.filter((m) => !ctx.isSelf(m)).map(memberKey), now);
    ctx.counters.views++;
    const record: ViewRecord = {
      type: 'view',
      group: this.setup.options.group,
      view: next.id,
      coordinator: next.coordinator,
      members: next.members.map((m) => m.id),
      prev: joined || !prev ? null : { view: prev.id, coordinator: prev.coordinator },
      t: ctx.wallClock(),
    };
    this.setup.store.append(viewStoreRecord(record, next.members));
    for (const listener of [...this.viewListeners]) listener(record);
    this.data.replayFuture(next.id);
    ctx.wake();
  }

  private startJoining(catchUp: boolean, target: MemberId | undefined): void {
    const { ctx } = this;
    ctx.phase = 'joining';
    ctx.current = undefined;
    ctx.lastInstall = undefined;
    ctx.inc = 1 + this.setup.random.int(0xfffffffe);
    this.follower.reset();
    this.coordinator.reset();
    ctx.blocked = false;
    ctx.digests.clear();
    this.data.reset();
    this.delivery.reset();
    this.joiner.start(catchUp, target);
    ctx.wake();
  }

  private finishLeave(): void {
    const { ctx } = this;
    ctx.phase = 'left';
    ctx.current = undefined;
    this.timer?.cancel();
    this.heartbeats.cancel();
    const leaving = this.leaving;
    this.leaving = undefined;
    leaving?.resolve();
    ctx.wake();
  }
}

function subscribe<T>(listeners: T[], listener: T): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}
