import type { Clock, Timer } from '../../common/clock.js';
import type { Random } from '../../common/sim/random.js';
import { type DeliveryRecord, messageId } from '../group/delivery-record.js';
import type { GroupPort } from '../group/dissemination.js';
import type { GroupOptions } from '../group/options.js';
import type { Store } from '../store/store.js';
import { decodeVs } from '../views/codec.js';
import type { MemberState, VsData, VsFetch, VsInstall, VsStatus } from '../views/messages.js';
import { hasQuorum, type PartitionMode } from '../views/partition.js';
import { byId, isIn, memberKey, sameRef } from '../views/view.js';
import type { LogEntry, ViewRecord } from '../views/view-record.js';
import type { MemberId } from '../wire/messages.js';
import { MemberContext, sender } from './context.js';
import { Coordinator } from './coordinator.js';
import type { AtomicCounters } from './counters.js';
import { Delivery } from './delivery.js';
import { Follower } from './follower.js';
import { Joiner } from './joiner.js';
import { readAtomicStore, viewStoreRecord } from './records.js';
import { streamKey } from './streams.js';

export interface AtomicGroupSetup {
  clock: Clock;
  random: Random;
  /** This member's id (the node name); the port maps ids to addresses. */
  self: MemberId;
  /** Group, transport, peers and timing are used; atomic groups are always reliable, closed and FIFO. */
  options: GroupOptions;
  port: GroupPort;
  /** Called once per delivered message, in delivery order, with its delivery-log record. */
  deliver: (record: DeliveryRecord, payload: Buffer) => void;
  /** Called once per installed view, in order with the deliveries. */
  viewInstalled?: (record: ViewRecord) => void;
  /** Wall-clock milliseconds for records (default Date.now; a simulator passes virtual time). */
  wallClock?: () => number;
  /** The node's persistent log: deliveries and views go here before they are handed out. */
  store: Store;
  partitionMode: PartitionMode;
  /** Uniform (safe) delivery: a message is delivered only once every member of the view has it. */
  uniform: boolean;
}

export type AtomicState = 'idle' | 'joining' | 'member' | 'flushing' | 'blocked' | 'left' | 'stopped';

export type AtomicSendResult =
  | { status: 'sent'; msgId: string; seq: number }
  | {
      status: 'blocked';
      /** joining: no view yet; flush: a view change is under way; no-quorum: primary partition lost. */
      reason: 'joining' | 'flush' | 'no-quorum' | 'window';
      ready: Promise<void>;
    }
  | { status: 'rejected'; reason: 'not-joined' | 'stopped' };

export interface ViewInfo {
  /** 0 while the member has no view. */
  id: number;
  coordinator: MemberId;
  members: MemberId[];
  /** Each member's incarnation, aligned with `members`. */
  incarnations: number[];
}

export interface AtomicStats extends AtomicCounters {
  group: string;
  state: AtomicState;
  joined: boolean;
  view: number;
  members: number;
  holding: number;
}

const DEFAULT_WINDOW = 64;
/** Messages of a view not installed yet kept for when it is (bounded). */
const MAX_FUTURE = 4096;
/** Copies one fetch is answered with at most. */
const MAX_COPIES_PER_FETCH = 256;

/**
 * A member of a view-synchronous group (virtual synchrony): reliable FIFO multicast within views, view
 * changes agreed by a flush so that members that survive a view into the next deliver the same messages
 * in it (a message of a crashed sender reaches every survivor or none), views delivered in order with
 * the messages, failure detection by heartbeats, partition handling per `partitionMode`, and a
 * persistent store from which a restarted member catches up without loss or duplicates. Pure protocol
 * logic: time from the Clock, datagrams from `receive`. Protocol and guarantees: atomic/README.md.
 *
 * This class is the member's core: the API, data within a view, statuses, and moving between views. It
 * composes the parts that take part in view changes: the coordinator's duties (coordinator.ts), a
 * survivor's part in a flush (follower.ts), joining and catching up (joiner.ts, catch-up.ts), and the
 * delivery of messages (delivery.ts).
 */
export class AtomicGroupMember {
  private readonly ctx: MemberContext;
  private readonly follower: Follower;
  private readonly coordinator: Coordinator;
  private readonly joiner: Joiner;
  private readonly delivery: Delivery;
  private readonly recoveredEntries: LogEntry[];
  private readonly viewListeners: ((record: ViewRecord) => void)[] = [];
  private nextSeq = 0;
  private leaving: { done: Promise<void>; resolve: () => void; since: number } | undefined;
  private future: VsData[] = [];
  private timer: Timer | undefined;
  private statusSoon: Timer | undefined;

  constructor(private readonly setup: AtomicGroupSetup) {
    const ctx = new MemberContext(setup);
    this.ctx = ctx;
    this.follower = new Follower(ctx, {
      seniorTakesOver: () => this.coordinator.abandon(),
      applyInstall: (install) => this.applyInstall(install),
    });
    this.delivery = new Delivery(ctx, this.follower);
    this.coordinator = new Coordinator(ctx, this.follower, {
      deliverCut: (cut) => this.delivery.deliverCut(cut),
      applyInstall: (install) => this.applyInstall(install),
    });
    this.joiner = new Joiner(ctx, {
      deliverOne: (stream, catchUp) => this.delivery.deliverOne(stream, catchUp),
      installView: (install, joined) => this.installView(install, joined),
    });
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
    const { ctx } = this;
    if (ctx.phase === 'stopped') return { status: 'rejected', reason: 'stopped' };
    if (ctx.phase === 'idle' || ctx.phase === 'left') return { status: 'rejected', reason: 'not-joined' };
    const view = ctx.current;
    let reason: 'joining' | 'flush' | 'no-quorum' | 'window' | undefined;
    if (ctx.phase === 'joining' || !view) reason = 'joining';
    else if (ctx.blocked) reason = 'no-quorum';
    else if (this.follower.flushing || this.leaving) reason = 'flush';
    else if (this.nextSeq - this.delivery.stableNext(ctx.streams.open(ctx.self, ctx.inc, 0)) >= this.window)
      reason = 'window';
    if (reason || !view) {
      ctx.counters.blocked++;
      return { status: 'blocked', reason: reason ?? 'joining', ready: ctx.ready() };
    }
    const message: VsData = {
      ...ctx.envelope(),
      type: 'data',
      seq: this.nextSeq++,
      retransmit: false,
      history: false,
      payload,
    };
    ctx.streams.add(message);
    ctx.emit(message);
    ctx.counters.sent++;
    this.delivery.deliverReady();
    this.statusSoonIfUniform();
    return { status: 'sent', msgId: messageId(ctx.inc, message.seq), seq: message.seq };
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
        this.onData(message);
        break;
      case 'status':
        this.onStatus(message, from);
        break;
      case 'fetch':
        this.onFetch(message);
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
      case 'sync':
        if (ctx.lastInstall && ctx.phase === 'member') ctx.sendTo(message.origin, ctx.lastInstall);
        break;
    }
  }

  /** The current view (id 0 and no members while the member has none). */
  view(): ViewInfo {
    const view = this.ctx.current;
    return {
      id: view?.id ?? 0,
      coordinator: view?.coordinator ?? '',
      members: view?.members.map((m) => m.id) ?? [],
      incarnations: view?.members.map((m) => m.inc) ?? [],
    };
  }

  state(): AtomicState {
    const { phase } = this.ctx;
    if (phase !== 'member') return phase;
    if (this.ctx.blocked) return 'blocked';
    return this.follower.flushing ? 'flushing' : 'member';
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
    const { ctx } = this;
    const now = ctx.now();
    const { attempt, joinRequests } = this.coordinator.inspect();
    return {
      state: this.state(),
      inc: ctx.inc,
      view: ctx.current && {
        id: ctx.current.id,
        coordinator: ctx.current.coordinator,
        members: ctx.current.members.map(memberKey),
      },
      suspected: ctx.current?.members
        .filter((m) => !ctx.isSelf(m) && ctx.fd.suspected(memberKey(m), now))
        .map(memberKey),
      attempt,
      ...this.follower.inspect(),
      joining: this.joiner.inspect(),
      joinRequests,
      streams: ctx.streams.spans(),
    };
  }

  onDeliver(listener: (record: DeliveryRecord, payload: Buffer) => void): () => void {
    return subscribe(this.delivery.listeners, listener);
  }

  onView(listener: (record: ViewRecord) => void): () => void {
    return subscribe(this.viewListeners, listener);
  }

  stats(): AtomicStats {
    const { ctx } = this;
    return {
      ...ctx.counters,
      group: this.setup.options.group,
      state: this.state(),
      joined: ctx.phase === 'member',
      view: ctx.current?.id ?? 0,
      members: ctx.current?.members.length ?? 0,
      holding: ctx.streams.holding,
    };
  }

  /** Stops all timers and ignores everything from now on (no leave: to others it looks like a crash). */
  stop(): void {
    this.ctx.phase = 'stopped';
    this.timer?.cancel();
    this.statusSoon?.cancel();
    this.ctx.wake();
  }

  private get window(): number {
    return this.setup.options.window ?? DEFAULT_WINDOW;
  }

  // ---- periodic work ---------------------------------------------------------------------------

  private tick(): void {
    const { ctx } = this;
    this.timer?.cancel();
    if (ctx.phase !== 'joining' && ctx.phase !== 'member') return;
    this.sendStatusNow();
    const now = ctx.now();
    if (ctx.phase === 'joining') this.joiner.tick(now);
    else this.memberTick(now);
    if (ctx.phase !== 'joining' && ctx.phase !== 'member') return;
    const period = ctx.timing.heartbeatMs * (0.9 + 0.2 * this.setup.random.next());
    this.timer = this.setup.clock.setTimer(period, () => this.tick());
  }

  private sendStatusNow(): void {
    const { ctx } = this;
    this.statusSoon?.cancel();
    this.statusSoon = undefined;
    const view = ctx.phase === 'member' ? ctx.current : undefined;
    const status: VsStatus = {
      ...ctx.envelope(),
      type: 'status',
      state: this.statusState(),
      coordinator: view?.coordinator ?? '',
      size: view?.members.length ?? 0,
      digest: view ? this.follower.digest() : [],
    };
    ctx.emit(status, 'everyone');
  }

  /** Uniform delivery waits for everyone's status: send this member's soon after new data. */
  private statusSoonIfUniform(): void {
    if (this.setup.uniform)
      this.statusSoon ??= this.setup.clock.setTimer(this.ctx.timing.ackDelayMs, () => this.sendStatusNow());
  }

  private statusState(): MemberState {
    const state = this.state();
    return state === 'idle' || state === 'left' || state === 'stopped' ? 'joining' : state;
  }

  private memberTick(now: number): void {
    const { ctx } = this;
    const view = ctx.current;
    if (!view) return;
    const alive = ctx.alive(now);
    const wasBlocked = ctx.blocked;
    ctx.blocked = !hasQuorum(this.setup.partitionMode, view, alive);
    if (wasBlocked && !ctx.blocked) ctx.wake();
    if (ctx.blocked && this.heardOtherLiveView(now)) {
      this.startJoining(true, undefined); // the primary partition lives elsewhere: rejoin it and catch up
      return;
    }
    this.follower.tryInstall();
    if (!ctx.current || ctx.phase !== 'member') return;
    this.coordinator.tick(now, alive);
    this.follower.retry();
    this.fetchGaps();
    this.coordinator.lookForMerge(now);
    const leaving = this.leaving;
    if (leaving) {
      const coordinator = ctx.actingCoordinator(now);
      if (coordinator !== ctx.self)
        ctx.sendTo(coordinator, { ...ctx.envelope(), type: 'leave', to: coordinator });
      if (leaving.since + ctx.timing.flushLeaseMs <= now) this.finishLeave(); // the group does not answer
    }
  }

  private heardOtherLiveView(now: number): boolean {
    const view = this.ctx.current;
    for (const [coordinator, v] of this.ctx.liveViews) {
      const mine = view && v.id === view.id && coordinator === view.coordinator;
      if (!mine && v.at + this.ctx.timing.memberTimeoutMs >= now) return true;
    }
    return false;
  }

  /** Asks for gaps: from the sender while it is heard, else from a member that reported having more. */
  private fetchGaps(): void {
    const { ctx } = this;
    const view = ctx.current;
    if (!view || this.follower.installPending) return;
    const now = ctx.now();
    for (const m of view.members) {
      if (ctx.isSelf(m)) continue;
      const stream = ctx.streams.get(m.id, m.inc);
      if (!stream) continue;
      let upTo = ctx.streams.heardUpTo(stream);
      let holder = ctx.fd.suspected(memberKey(m), now) ? undefined : m.id;
      for (const [reporter, positions] of ctx.digests) {
        const next = positions.get(streamKey(m.id, m.inc)) ?? 0;
        if (next > upTo || (!holder && next > stream.received)) {
          upTo = Math.max(upTo, next);
          holder ??= reporter.slice(0, reporter.lastIndexOf('#'));
        }
      }
      if (holder && upTo > stream.received) ctx.fetch(stream, upTo, holder);
    }
  }

  // ---- data ------------------------------------------------------------------------------------

  private onData(message: VsData): void {
    const { ctx } = this;
    if (message.history) {
      this.joiner.onHistory(message);
      return;
    }
    const view = ctx.current;
    if (ctx.phase === 'joining' || (view && message.view > view.id)) {
      if (this.future.length < MAX_FUTURE) this.future.push(message);
      return;
    }
    if (!view || message.view !== view.id || !isIn(view, sender(message))) return;
    if (!ctx.streams.add(message)) {
      ctx.counters.duplicates++;
      return;
    }
    ctx.counters.received++;
    if (!message.retransmit) ctx.fd.heard(memberKey(sender(message)), ctx.now());
    this.afterReceipt();
    this.statusSoonIfUniform();
  }

  /** Something arrived: deliveries, a flush phase or an install may now go ahead. */
  private afterReceipt(): void {
    this.delivery.deliverReady();
    this.follower.checkCut();
    this.follower.tryInstall();
    this.coordinator.afterReceipt();
  }

  private onFetch(message: VsFetch): void {
    const { ctx } = this;
    let count = 0;
    for (const range of message.ranges) {
      for (let seq = range.first; seq <= range.last && count < MAX_COPIES_PER_FETCH; seq++) {
        const copy = ctx.streams.copy(message.sender, message.senderInc, seq);
        if (!copy) continue;
        count++;
        ctx.sendTo(message.origin, { ...copy, relay: false, retransmit: true, history: message.history });
        ctx.counters.retransmissions++;
      }
    }
  }

  // ---- statuses --------------------------------------------------------------------------------

  private onStatus(message: VsStatus, from: MemberId): void {
    const { ctx } = this;
    const now = ctx.now();
    const view = ctx.current;
    const peer = sender(message);
    if (message.state === 'member' || message.state === 'flushing') {
      ctx.liveViews.set(message.coordinator, { id: message.view, size: message.size, at: now });
    }
    if (message.state === 'joining') this.joiner.heardJoiner(message.origin, now);
    if (!view || ctx.phase !== 'member') return;
    if (!isIn(view, peer)) {
      const old = byId(view, message.origin);
      if (old) ctx.fd.accuse(memberKey(old)); // another incarnation: the one in the view is gone
      return;
    }
    ctx.fd.heard(memberKey(peer), now);
    if (message.view === view.id && message.coordinator === view.coordinator) {
      if (message.state === 'flushing') this.coordinator.heardFollower();
      ctx.digests.set(
        memberKey(peer),
        new Map(message.digest.map((c) => [streamKey(c.sender, c.inc), c.next])),
      );
      for (const c of message.digest) {
        const stream = ctx.streams.get(c.sender, c.inc);
        if (!stream || c.next <= stream.received || !isIn(view, { id: c.sender, inc: c.inc })) continue;
        const origin = { id: c.sender, inc: c.inc };
        const holder = ctx.isSelf(origin) || ctx.fd.suspected(memberKey(origin), now) ? from : c.sender;
        if (!this.follower.flushing) ctx.fetch(stream, c.next, holder);
      }
      this.delivery.deliverReady();
      ctx.wake();
    } else if (message.view > view.id) {
      ctx.askSync(message.origin); // it installed a view this member missed, or one without it
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
    for (const m of view.members) {
      const stream = ctx.streams.get(m.id, m.inc);
      const limit =
        install.cut.find((c) => c.sender === m.id && c.inc === m.inc)?.next ?? stream?.delivered ?? 0;
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
    for (const m of next.members) ctx.streams.open(m.id, m.inc, 0);
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
    const future = this.future;
    this.future = [];
    for (const message of future) if (message.view >= next.id) this.onData(message);
    ctx.wake();
  }

  private startJoining(catchUp: boolean, target: MemberId | undefined): void {
    const { ctx } = this;
    ctx.phase = 'joining';
    ctx.current = undefined;
    ctx.lastInstall = undefined;
    ctx.inc = 1 + this.setup.random.int(0xfffffffe);
    this.nextSeq = 0;
    this.follower.reset();
    this.coordinator.reset();
    ctx.blocked = false;
    ctx.digests.clear();
    this.future = [];
    this.joiner.start(catchUp, target);
    ctx.wake();
  }

  private finishLeave(): void {
    const { ctx } = this;
    ctx.phase = 'left';
    ctx.current = undefined;
    this.timer?.cancel();
    this.statusSoon?.cancel();
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
