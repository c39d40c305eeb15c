import type { Clock, Timer } from '../../common/clock.js';
import type { Random } from '../../common/sim/random.js';
import { type DeliveryRecord, messageId, sha256 } from '../group/delivery-record.js';
import {
  createDissemination,
  type Dissemination,
  type GroupPort,
  hashSubgroup,
} from '../group/dissemination.js';
import { DEFAULT_TIMING, type GroupOptions, type Timing } from '../group/options.js';
import type { Store } from '../store/store.js';
import { decodeVs, encodeVs } from '../views/codec.js';
import { FailureDetector } from '../views/failure-detector.js';
import type {
  MemberState,
  StreamCut,
  VsCut,
  VsData,
  VsEnvelope,
  VsFetch,
  VsFlushOk,
  VsInstall,
  VsMessage,
  VsPrepare,
  VsStatus,
} from '../views/messages.js';
import { hasQuorum, type PartitionMode, precedes } from '../views/partition.js';
import { byId, isIn, type Member, memberKey, rankOf, refOf, sameRef, type View } from '../views/view.js';
import type { LogEntry, ViewRecord } from '../views/view-record.js';
import type { MemberId } from '../wire/messages.js';
import { type AtomicCounters, zeroAtomicCounters } from './counters.js';
import { deliveryStoreRecord, readAtomicStore, viewStoreRecord } from './records.js';
import { type Stream, Streams, streamKey } from './streams.js';
import { ViewChangeAttempt } from './view-change.js';

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
/** Catch-up fetch rounds without progress before trying another source, and before giving up. */
const CATCH_UP_ROUNDS_PER_SOURCE = 10;
const CATCH_UP_ROUNDS = 60;
/** Retry periods without progress after which a view-change attempt starts over. */
const STALLED_ATTEMPT_PERIODS = 10;

/** The attempt this member follows: it stopped sending and reported `limit`, so it delivers no further. */
interface Follow {
  proposer: MemberId;
  attempt: number;
  limit: Map<string, number>;
  cut: StreamCut[] | undefined;
  done: boolean;
}

interface Joining {
  /** Fetch the history missed (a restarted or excluded member), rather than start where the view starts. */
  catchUp: boolean;
  since: number;
  /** Merge: the coordinator to join (the view this member's old view dissolved into). */
  target: MemberId | undefined;
  installing: CatchUp | undefined;
}

interface CatchUp {
  install: VsInstall;
  plan: StreamCut[];
  sources: MemberId[];
  rounds: number;
  progress: number;
}

/**
 * A member of a view-synchronous group (virtual synchrony): reliable FIFO multicast within views, view
 * changes agreed by a flush so that members that survive a view into the next deliver the same messages
 * in it (a message of a crashed sender reaches every survivor or none), views delivered in order with
 * the messages, failure detection by heartbeats, partition handling per `partitionMode`, and a
 * persistent store from which a restarted member catches up without loss or duplicates. Pure protocol
 * logic: time from the Clock, datagrams from `receive`. Protocol and guarantees: atomic/README.md.
 */
export class AtomicGroupMember {
  private readonly timing: Timing;
  private readonly wallClock: () => number;
  private readonly dissemination: Dissemination;
  private readonly fd: FailureDetector;
  private readonly streams = new Streams();
  private readonly counters = zeroAtomicCounters();
  private readonly recoveredEntries: LogEntry[];
  private readonly deliverListeners: ((record: DeliveryRecord, payload: Buffer) => void)[] = [];
  private readonly viewListeners: ((record: ViewRecord) => void)[] = [];
  private phase: 'idle' | 'joining' | 'member' | 'left' | 'stopped' = 'idle';
  private inc = 0;
  private nextSeq = 0;
  private current: View | undefined;
  private lastInstall: VsInstall | undefined;
  /** Primary partition lost: no sends, deliveries or view changes until the quorum is back. */
  private blocked = false;
  /** Receive positions other members reported: member key → stream key → next. */
  private readonly digests = new Map<string, Map<string, number>>();
  private follow: Follow | undefined;
  /** After CUT-DONE in this view: never report or deliver beyond this cut (a later attempt may end in it). */
  private flushedCut: Map<string, number> | undefined;
  private attempt: ViewChangeAttempt | undefined;
  private attempts = 0;
  /** When the running attempt last moved on (phase and answers outstanding). */
  private attemptMark = { mark: '', at: 0 };
  private pendingInstall: VsInstall | undefined;
  private joining: Joining | undefined;
  private readonly joinRequests = new Map<MemberId, { member: Member; at: number }>();
  private readonly leaveRequests = new Set<string>();
  private leaving: { done: Promise<void>; resolve: () => void; since: number } | undefined;
  /** Live views heard of (their coordinator → number, size, when): join targets and merge partners. */
  private readonly liveViews = new Map<MemberId, { id: number; size: number; at: number }>();
  private readonly joinersHeard = new Map<MemberId, number>();
  private mergeInto: MemberId | undefined;
  /** A member reports it follows an attempt in this view, while this member (acting coordinator) runs none. */
  private strayFollower = false;
  private future: VsData[] = [];
  private readonly syncAsked = new Map<MemberId, number>();
  private maxViewSeen = 0;
  private wasMember: boolean;
  private timer: Timer | undefined;
  private statusSoon: Timer | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly setup: AtomicGroupSetup) {
    const { options, self, port } = setup;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.wallClock = setup.wallClock ?? Date.now;
    this.fd = new FailureDetector(this.timing.memberTimeoutMs);
    this.dissemination = createDissemination(options.transport, {
      port,
      self,
      members: () => this.current?.members.map((m) => m.id) ?? [],
      peers: options.peers ?? [],
      subgroupOf: options.subgroupOf ?? hashSubgroup,
    });
    const recovered = readAtomicStore(setup.store, options.group);
    for (const message of recovered.messages) this.streams.restore(message);
    this.recoveredEntries = recovered.entries;
    this.wasMember = recovered.lastView !== undefined;
    this.maxViewSeen = recovered.lastView ?? 0;
    if (setup.viewInstalled) this.viewListeners.push(setup.viewInstalled);
    this.deliverListeners.push(setup.deliver);
  }

  /**
   * Joins the group: asks the coordinator of a view it hears of to add it, or starts a view of its own
   * when it hears none. A member whose store shows it was a member before (a restarted process) catches
   * up on what the group delivered meanwhile, skipping what its store already holds.
   */
  join(): void {
    if (this.phase === 'joining' || this.phase === 'member' || this.phase === 'stopped') return;
    this.startJoining(this.wasMember, undefined);
    this.tick();
  }

  /** Leaves through a view change (its messages are flushed first); resolves once out of the group. */
  leave(): Promise<void> {
    if (this.phase !== 'member' || !this.current) {
      if (this.phase === 'joining') this.finishLeave();
      return Promise.resolve();
    }
    if (this.leaving) return this.leaving.done;
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    this.leaving = { done, resolve, since: this.setup.clock.now() };
    this.leaveRequests.add(memberKey(this.me()));
    this.tick();
    return done;
  }

  send(payload: Buffer): AtomicSendResult {
    if (this.phase === 'stopped') return { status: 'rejected', reason: 'stopped' };
    if (this.phase === 'idle' || this.phase === 'left') return { status: 'rejected', reason: 'not-joined' };
    const view = this.current;
    let reason: 'joining' | 'flush' | 'no-quorum' | 'window' | undefined;
    if (this.phase === 'joining' || !view) reason = 'joining';
    else if (this.blocked) reason = 'no-quorum';
    else if (this.follow || this.pendingInstall || this.leaving) reason = 'flush';
    else if (this.nextSeq - this.stableNext(this.streams.open(this.setup.self, this.inc, 0)) >= this.window)
      reason = 'window';
    if (reason || !view) {
      this.counters.blocked++;
      return {
        status: 'blocked',
        reason: reason ?? 'joining',
        ready: new Promise((resolve) => this.waiters.push(resolve)),
      };
    }
    const message: VsData = {
      ...this.envelope(),
      type: 'data',
      seq: this.nextSeq++,
      retransmit: false,
      history: false,
      payload,
    };
    this.streams.add(message);
    this.emit(message);
    this.counters.sent++;
    this.deliverReady();
    if (this.setup.uniform)
      this.statusSoon ??= this.setup.clock.setTimer(this.timing.ackDelayMs, () => this.sendStatusNow());
    return { status: 'sent', msgId: messageId(this.inc, message.seq), seq: message.seq };
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
    if (this.phase === 'stopped' || this.phase === 'idle' || this.phase === 'left') return;
    const message = decodeVs(bytes);
    if (!message || message.group !== this.setup.options.group) {
      this.counters.malformed++;
      return;
    }
    if (message.origin === this.setup.self && message.inc === this.inc) return;
    this.dissemination.forward(bytes, message, from);
    this.maxViewSeen = Math.max(this.maxViewSeen, message.view);
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
        this.onJoin(message);
        break;
      case 'leave':
        if (message.to === this.setup.self && isIn(this.current, sender(message)))
          this.leaveRequests.add(memberKey(sender(message)));
        break;
      case 'prepare':
        this.onPrepare(message);
        break;
      case 'flush-ok':
        this.onFlushOk(message);
        break;
      case 'cut':
        this.onCut(message);
        break;
      case 'cut-done':
        if (this.attempt?.n === message.attempt && message.proposer === this.setup.self) {
          this.attempt.done(sender(message));
          this.progress();
        }
        break;
      case 'install':
        this.onInstall(message);
        break;
      case 'sync':
        if (this.lastInstall && this.phase === 'member') this.sendTo(message.origin, this.lastInstall);
        break;
    }
  }

  /** The current view (id 0 and no members while the member has none). */
  view(): ViewInfo {
    const view = this.current;
    return {
      id: view?.id ?? 0,
      coordinator: view?.coordinator ?? '',
      members: view?.members.map((m) => m.id) ?? [],
      incarnations: view?.members.map((m) => m.inc) ?? [],
    };
  }

  state(): AtomicState {
    if (this.phase !== 'member') return this.phase;
    if (this.blocked) return 'blocked';
    return this.follow || this.pendingInstall ? 'flushing' : 'member';
  }

  get group(): string {
    return this.setup.options.group;
  }

  get self(): MemberId {
    return this.setup.self;
  }

  /** This member's current incarnation (0 before it first joins). */
  incarnation(): number {
    return this.inc;
  }

  /** What the store held when this member was constructed: the earlier process's log entries. */
  recovered(): readonly LogEntry[] {
    return this.recoveredEntries;
  }

  /** Protocol state for diagnostics (a JSON-friendly snapshot; its shape may change). */
  inspect(): Record<string, unknown> {
    const now = this.setup.clock.now();
    const attempt = this.attempt;
    return {
      state: this.state(),
      inc: this.inc,
      view: this.current && {
        id: this.current.id,
        coordinator: this.current.coordinator,
        members: this.current.members.map(memberKey),
      },
      suspected: this.current?.members
        .filter((m) => !this.isSelf(m) && this.fd.suspected(memberKey(m), now))
        .map(memberKey),
      attempt: attempt && {
        n: attempt.n,
        phase: attempt.phase,
        waiting: attempt.waiting().map(memberKey),
        cut: attempt.cut,
      },
      follow: this.follow && {
        proposer: this.follow.proposer,
        attempt: this.follow.attempt,
        cut: this.follow.cut,
        done: this.follow.done,
      },
      pendingInstall: this.pendingInstall && {
        from: this.pendingInstall.origin,
        next: this.pendingInstall.next?.id,
      },
      joining: this.joining && {
        catchUp: this.joining.catchUp,
        target: this.joining.target,
        installing: this.joining.installing?.plan,
      },
      joinRequests: [...this.joinRequests.keys()],
      streams: this.streams.spans(),
    };
  }

  onDeliver(listener: (record: DeliveryRecord, payload: Buffer) => void): () => void {
    return subscribe(this.deliverListeners, listener);
  }

  onView(listener: (record: ViewRecord) => void): () => void {
    return subscribe(this.viewListeners, listener);
  }

  stats(): AtomicStats {
    return {
      ...this.counters,
      group: this.setup.options.group,
      state: this.state(),
      joined: this.phase === 'member',
      view: this.current?.id ?? 0,
      members: this.current?.members.length ?? 0,
      holding: this.streams.holding,
    };
  }

  /** Stops all timers and ignores everything from now on (no leave: to others it looks like a crash). */
  stop(): void {
    this.phase = 'stopped';
    this.timer?.cancel();
    this.statusSoon?.cancel();
    this.wake();
  }

  // ---- sending helpers -------------------------------------------------------------------------

  private get window(): number {
    return this.setup.options.window ?? DEFAULT_WINDOW;
  }

  private me(): Member {
    return { id: this.setup.self, inc: this.inc };
  }

  private envelope(): VsEnvelope {
    // A member without a view names the highest it has seen: whoever adds it numbers the next view above.
    const view = this.current?.id ?? this.maxViewSeen;
    return { group: this.setup.options.group, origin: this.setup.self, inc: this.inc, view, relay: false };
  }

  private emit(message: VsMessage, scope: 'members' | 'everyone' = 'members'): void {
    this.dissemination.toAll(encodeVs(message), scope);
  }

  private sendTo(to: MemberId, message: VsMessage): void {
    if (to !== this.setup.self) this.dissemination.toOne(to, encodeVs(message));
  }

  private askSync(to: MemberId): void {
    const now = this.setup.clock.now();
    if ((this.syncAsked.get(to) ?? -Infinity) + this.timing.heartbeatMs > now) return;
    this.syncAsked.set(to, now);
    this.sendTo(to, { ...this.envelope(), type: 'sync' });
  }

  private fetch(stream: Stream, upTo: number, from: MemberId, history = false): void {
    const now = this.setup.clock.now();
    if (from === this.setup.self || stream.askedAt + this.timing.nackRetryMs > now) return;
    const ranges = this.streams.missing(stream, upTo);
    if (ranges.length === 0) return;
    stream.askedAt = now;
    this.counters.fetches++;
    this.sendTo(from, {
      ...this.envelope(),
      type: 'fetch',
      sender: stream.sender,
      senderInc: stream.inc,
      history,
      ranges,
    });
  }

  // ---- periodic work ---------------------------------------------------------------------------

  private tick(): void {
    this.timer?.cancel();
    if (this.phase !== 'joining' && this.phase !== 'member') return;
    this.sendStatusNow();
    const now = this.setup.clock.now();
    if (this.phase === 'joining') this.joinTick(now);
    else this.memberTick(now);
    if (this.phase !== 'joining' && this.phase !== 'member') return;
    const period = this.timing.heartbeatMs * (0.9 + 0.2 * this.setup.random.next());
    this.timer = this.setup.clock.setTimer(period, () => this.tick());
  }

  private sendStatusNow(): void {
    this.statusSoon?.cancel();
    this.statusSoon = undefined;
    const view = this.phase === 'member' ? this.current : undefined;
    const status: VsStatus = {
      ...this.envelope(),
      type: 'status',
      state: this.statusState(),
      coordinator: view?.coordinator ?? '',
      size: view?.members.length ?? 0,
      digest: view ? this.receivedDigest() : [],
    };
    this.emit(status, 'everyone');
  }

  private statusState(): MemberState {
    const state = this.state();
    return state === 'idle' || state === 'left' || state === 'stopped' ? 'joining' : state;
  }

  private joinTick(now: number): void {
    const joining = this.joining;
    if (!joining) return;
    if (joining.installing) {
      this.continueCatchUp();
      return;
    }
    const fresh = (at: number) => at + this.timing.memberTimeoutMs >= now;
    let target =
      joining.target && fresh(this.liveViews.get(joining.target)?.at ?? -Infinity)
        ? joining.target
        : undefined;
    if (!target) {
      let best: { coordinator: MemberId; size: number } | undefined;
      for (const [coordinator, v] of this.liveViews) {
        if (!fresh(v.at) || coordinator === this.setup.self) continue;
        const candidate = { coordinator, size: v.size };
        if (!best || precedes(candidate, best)) best = candidate;
      }
      target = best?.coordinator;
    }
    if (target) {
      this.sendTo(target, { ...this.envelope(), type: 'join', to: target, catchUp: joining.catchUp });
      return;
    }
    // Nobody to join: after a while the joiner with the smallest id starts a view (others wait for it).
    // In primary mode a member that was in the group before waits longer: the primary may be out of reach.
    const waited = now - joining.since;
    const cautious = this.setup.partitionMode === 'primary' && this.wasMember;
    const wait = (cautious ? 10 : 3) * this.timing.heartbeatMs;
    const senior = [...this.joinersHeard].some(([id, at]) => fresh(at) && id < this.setup.self);
    if (waited >= wait && (!senior || waited >= 4 * wait)) this.startSingleton();
  }

  private memberTick(now: number): void {
    const view = this.current;
    if (!view) return;
    const alive = view.members.filter((m) => this.isSelf(m) || !this.fd.suspected(memberKey(m), now));
    const wasBlocked = this.blocked;
    this.blocked = !hasQuorum(this.setup.partitionMode, view, alive);
    if (wasBlocked && !this.blocked) this.wake();
    if (this.blocked && this.heardOtherLiveView(now)) {
      this.startJoining(true, undefined); // the primary partition lives elsewhere: rejoin it and catch up
      return;
    }
    if (this.pendingInstall) this.tryInstall();
    if (!this.current || this.phase !== 'member') return;
    if (this.attempt) this.retryAttempt(now);
    else if (!this.blocked && this.actingCoordinator(now) === this.setup.self && this.needsChange(now, alive))
      this.startAttempt(now);
    this.retryFollow();
    this.fetchGaps();
    this.lookForMerge(now);
    const leaving = this.leaving;
    if (leaving) {
      const coordinator = this.actingCoordinator(now);
      if (coordinator !== this.setup.self)
        this.sendTo(coordinator, { ...this.envelope(), type: 'leave', to: coordinator });
      if (leaving.since + this.timing.flushLeaseMs <= now) this.finishLeave(); // the group does not answer
    }
  }

  private heardOtherLiveView(now: number): boolean {
    const view = this.current;
    for (const [coordinator, v] of this.liveViews) {
      const mine = view && v.id === view.id && coordinator === view.coordinator;
      if (!mine && v.at + this.timing.memberTimeoutMs >= now) return true;
    }
    return false;
  }

  private actingCoordinator(now: number): MemberId {
    const view = this.current;
    const first = view?.members.find((m) => this.isSelf(m) || !this.fd.suspected(memberKey(m), now));
    return first?.id ?? this.setup.self;
  }

  private needsChange(now: number, alive: readonly Member[]): boolean {
    const view = this.current;
    if (!view) return false;
    if (alive.length < view.members.length || this.mergeInto || this.strayFollower) return true;
    if ([...this.leaveRequests].some((key) => view.members.some((m) => memberKey(m) === key))) return true;
    for (const [id, request] of this.joinRequests) {
      if (request.at + this.timing.memberTimeoutMs < now || isIn(view, request.member))
        this.joinRequests.delete(id);
    }
    return this.joinRequests.size > 0;
  }

  /** Asks for gaps: from the sender while it is heard, else from a member that reported having more. */
  private fetchGaps(): void {
    const view = this.current;
    if (!view || this.pendingInstall) return;
    const now = this.setup.clock.now();
    for (const m of view.members) {
      if (this.isSelf(m)) continue;
      const stream = this.streams.get(m.id, m.inc);
      if (!stream) continue;
      let upTo = this.streams.heardUpTo(stream);
      let holder = this.fd.suspected(memberKey(m), now) ? undefined : m.id;
      for (const [reporter, positions] of this.digests) {
        const next = positions.get(streamKey(m.id, m.inc)) ?? 0;
        if (next > upTo || (!holder && next > stream.received)) {
          upTo = Math.max(upTo, next);
          holder ??= reporter.slice(0, reporter.lastIndexOf('#'));
        }
      }
      if (holder && upTo > stream.received) this.fetch(stream, upTo, holder);
    }
  }

  // ---- data ------------------------------------------------------------------------------------

  private onData(message: VsData): void {
    if (message.history) {
      const installing = this.joining?.installing;
      if (
        installing?.plan.some((p) => p.sender === message.origin && p.inc === message.inc) &&
        this.streams.add(message)
      ) {
        this.counters.received++;
        this.continueCatchUp();
      }
      return;
    }
    const view = this.current;
    if (this.phase === 'joining' || (view && message.view > view.id)) {
      if (this.future.length < MAX_FUTURE) this.future.push(message);
      return;
    }
    if (!view || message.view !== view.id || !isIn(view, sender(message))) return;
    if (!this.streams.add(message)) {
      this.counters.duplicates++;
      return;
    }
    this.counters.received++;
    if (!message.retransmit) this.fd.heard(memberKey(sender(message)), this.setup.clock.now());
    this.afterReceipt();
    if (this.setup.uniform)
      this.statusSoon ??= this.setup.clock.setTimer(this.timing.ackDelayMs, () => this.sendStatusNow());
  }

  /** Something arrived: deliveries, a flush phase or an install may now go ahead. */
  private afterReceipt(): void {
    this.deliverReady();
    this.checkCut();
    if (this.pendingInstall) this.tryInstall();
    if (this.attempt?.phase === 'fetch') this.progress();
  }

  private onFetch(message: VsFetch): void {
    let count = 0;
    for (const range of message.ranges) {
      for (let seq = range.first; seq <= range.last && count < MAX_COPIES_PER_FETCH; seq++) {
        const copy = this.streams.copy(message.sender, message.senderInc, seq);
        if (!copy) continue;
        count++;
        this.sendTo(message.origin, { ...copy, relay: false, retransmit: true, history: message.history });
        this.counters.retransmissions++;
      }
    }
  }

  /** Delivers, per sender in sequence order, what the view's rules allow now. */
  private deliverReady(): void {
    const view = this.current;
    if (this.phase !== 'member' || !view || this.blocked || this.pendingInstall) return;
    for (const m of view.members) {
      const stream = this.streams.get(m.id, m.inc);
      if (!stream) continue;
      let upTo = stream.received;
      if (this.follow)
        upTo = Math.min(upTo, this.follow.limit.get(streamKey(m.id, m.inc)) ?? stream.delivered);
      if (this.setup.uniform) upTo = Math.min(upTo, this.stableNext(stream));
      while (stream.delivered < upTo) this.deliverOne(stream, false);
    }
  }

  /** Everything below is received by every member of the view (its digests say so). */
  private stableNext(stream: Stream): number {
    const view = this.current;
    let low = stream.received;
    for (const m of view?.members ?? []) {
      if (this.isSelf(m)) continue;
      low = Math.min(low, this.digests.get(memberKey(m))?.get(streamKey(stream.sender, stream.inc)) ?? 0);
    }
    return low;
  }

  private deliverOne(stream: Stream, catchUp: boolean): boolean {
    const message = this.streams.take(stream);
    if (!message) return false;
    const record: DeliveryRecord = {
      group: message.group,
      sender: message.origin,
      msgId: messageId(message.inc, message.seq),
      seq: message.seq,
      view: message.view,
      t: this.wallClock(),
      sha256: sha256(message.payload),
      inc: message.inc.toString(16),
      ...(catchUp ? { catchUp: true } : {}),
    };
    this.setup.store.append(deliveryStoreRecord(record, message));
    this.counters.delivered++;
    if (catchUp) this.counters.caughtUp++;
    for (const listener of [...this.deliverListeners]) listener(record, message.payload);
    if (stream.sender === this.setup.self && stream.inc === this.inc) this.wake();
    return true;
  }

  /**
   * What this member says it received, per stream of the view. While it follows an attempt it says no
   * more than it reported to it (and after CUT-DONE no more than the cut): others count statuses toward
   * stability, and what it received past its report may lie beyond the cut it ends up with.
   */
  private receivedDigest(capByReport = true): StreamCut[] {
    const digest: StreamCut[] = [];
    for (const m of this.current?.members ?? []) {
      const stream = this.streams.get(m.id, m.inc);
      if (!stream) continue;
      const key = streamKey(m.id, m.inc);
      let next = Math.min(stream.received, this.flushedCut?.get(key) ?? Number.POSITIVE_INFINITY);
      if (capByReport && this.follow) next = Math.min(next, this.follow.limit.get(key) ?? stream.delivered);
      digest.push({ sender: m.id, inc: m.inc, next });
    }
    return digest;
  }

  // ---- status, joins and merges ----------------------------------------------------------------

  private onStatus(message: VsStatus, from: MemberId): void {
    const now = this.setup.clock.now();
    const view = this.current;
    const peer = sender(message);
    if (message.state === 'member' || message.state === 'flushing') {
      this.liveViews.set(message.coordinator, { id: message.view, size: message.size, at: now });
    }
    if (message.state === 'joining') this.joinersHeard.set(message.origin, now);
    if (!view || this.phase !== 'member') return;
    if (!isIn(view, peer)) {
      const old = byId(view, message.origin);
      if (old) this.fd.accuse(memberKey(old)); // another incarnation: the one in the view is gone
      return;
    }
    this.fd.heard(memberKey(peer), now);
    if (message.view === view.id && message.coordinator === view.coordinator) {
      // It follows an attempt that was dropped (its proposer lost the quorum, say): a new one frees it.
      if (message.state === 'flushing' && !this.attempt) this.strayFollower = true;
      this.digests.set(
        memberKey(peer),
        new Map(message.digest.map((c) => [streamKey(c.sender, c.inc), c.next])),
      );
      for (const c of message.digest) {
        const stream = this.streams.get(c.sender, c.inc);
        if (!stream || c.next <= stream.received || !isIn(view, { id: c.sender, inc: c.inc })) continue;
        const origin = { id: c.sender, inc: c.inc };
        const holder = this.isSelf(origin) || this.fd.suspected(memberKey(origin), now) ? from : c.sender;
        if (!this.follow && !this.pendingInstall) this.fetch(stream, c.next, holder);
      }
      this.deliverReady();
      this.wake();
    } else if (message.view > view.id) {
      this.askSync(message.origin); // it installed a view this member missed, or one without it
    }
  }

  private onJoin(message: VsEnvelope & { to: MemberId }): void {
    const view = this.current;
    if (this.phase !== 'member' || !view || message.to !== this.setup.self) return;
    const member = sender(message);
    if (isIn(view, member)) {
      if (this.lastInstall) this.sendTo(member.id, this.lastInstall); // it missed its install
      return;
    }
    const old = byId(view, member.id);
    if (old) this.fd.accuse(memberKey(old)); // restarted: the old incarnation goes in the same change
    this.joinRequests.set(member.id, { member, at: this.setup.clock.now() });
  }

  /** The coordinator of a view with precedence over this one: check whether this member is in it. */
  private lookForMerge(now: number): void {
    const view = this.current;
    if (
      !view ||
      this.attempt ||
      this.follow ||
      this.mergeInto ||
      this.actingCoordinator(now) !== this.setup.self
    )
      return;
    const mine = { coordinator: view.coordinator, size: view.members.length };
    for (const [coordinator, v] of this.liveViews) {
      if (v.at + this.timing.memberTimeoutMs < now || coordinator === view.coordinator) continue;
      if (view.members.some((m) => m.id === coordinator)) continue;
      if (precedes({ coordinator, size: v.size }, mine)) this.askSync(coordinator);
    }
  }

  private startJoining(catchUp: boolean, target: MemberId | undefined): void {
    this.phase = 'joining';
    this.current = undefined;
    this.lastInstall = undefined;
    this.inc = 1 + this.setup.random.int(0xfffffffe);
    this.nextSeq = 0;
    this.follow = undefined;
    this.flushedCut = undefined;
    this.attempt = undefined;
    this.pendingInstall = undefined;
    this.blocked = false;
    this.mergeInto = undefined;
    this.strayFollower = false;
    this.digests.clear();
    this.future = [];
    this.joinRequests.clear();
    this.leaveRequests.clear();
    this.joining = { catchUp, since: this.setup.clock.now(), target, installing: undefined };
    this.wake();
  }

  private startSingleton(): void {
    const next: View = { id: this.maxViewSeen + 1, coordinator: this.setup.self, members: [this.me()] };
    const install: VsInstall = {
      ...this.envelope(),
      type: 'install',
      attempt: 0,
      prev: undefined,
      cut: [],
      next,
      history: this.streams.spans(),
      dissolveInto: undefined,
    };
    this.installView(install, true);
  }

  // ---- view change: proposer -------------------------------------------------------------------

  private startAttempt(now: number): void {
    const view = this.current;
    if (!view) return;
    const survivors = view.members.filter((m) => this.isSelf(m) || !this.fd.suspected(memberKey(m), now));
    if (!hasQuorum(this.setup.partitionMode, view, survivors)) {
      this.blocked = true;
      return;
    }
    const attempt = new ViewChangeAttempt(++this.attempts, view, survivors, this.mergeInto);
    this.attempt = attempt;
    this.strayFollower = false;
    this.counters.viewChangeAttempts++;
    const follow = this.followAttempt(this.setup.self, attempt.n);
    attempt.ok(this.me(), limitDigest(follow.limit));
    this.sendPhase(attempt);
    this.progress();
  }

  private retryAttempt(now: number): void {
    const attempt = this.attempt;
    if (!attempt) return;
    if (attempt.survivors.some((s) => !this.isSelf(s) && this.fd.suspected(memberKey(s), now))) {
      this.attempt = undefined; // a survivor failed meanwhile: start over without it
      this.follow = undefined;
      this.startAttempt(now);
      return;
    }
    const mark = `${attempt.phase} ${attempt.waiting().length}`;
    if (mark !== this.attemptMark.mark) this.attemptMark = { mark, at: now };
    else if (this.attemptMark.at + STALLED_ATTEMPT_PERIODS * this.timing.flushRetryMs <= now) {
      this.attempt = undefined; // no answer moves it on (a member follows someone else): start over
      this.follow = undefined;
      this.startAttempt(now);
      return;
    }
    this.sendPhase(attempt);
    this.progress();
  }

  private sendPhase(attempt: ViewChangeAttempt): void {
    const view = attempt.view;
    for (const s of attempt.waiting()) {
      if (this.isSelf(s)) continue;
      if (attempt.phase === 'gather') {
        const prepare: VsPrepare = {
          ...this.envelope(),
          type: 'prepare',
          attempt: attempt.n,
          coordinator: view.coordinator,
          members: view.members,
          survivors: [...attempt.survivors],
        };
        this.sendTo(s.id, prepare);
      } else if (attempt.phase === 'cut') {
        this.sendTo(s.id, {
          ...this.envelope(),
          type: 'cut',
          attempt: attempt.n,
          proposer: this.setup.self,
          cut: attempt.cut,
        });
      }
    }
  }

  private onFlushOk(message: VsFlushOk): void {
    const attempt = this.attempt;
    if (!attempt || attempt.n !== message.attempt || message.proposer !== this.setup.self) return;
    attempt.ok(sender(message), message.digest);
    this.progress();
  }

  private progress(): void {
    const attempt = this.attempt;
    if (!attempt) return;
    attempt.gather();
    if (attempt.phase === 'fetch') {
      let complete = true;
      for (const c of attempt.cut) {
        const stream = this.streams.open(c.sender, c.inc, 0);
        if (stream.received >= c.next) continue;
        complete = false;
        const holder = attempt.holders.get(streamKey(c.sender, c.inc));
        if (holder) this.fetch(stream, c.next, holder);
      }
      if (!complete) return;
      attempt.phase = 'cut';
      const follow = this.follow;
      if (follow) {
        follow.cut = attempt.cut;
        follow.done = true;
        this.flushedCut = cutMap(attempt.cut);
      }
      attempt.done(this.me());
      this.sendPhase(attempt);
    }
    if (attempt.finished) this.finishAttempt(attempt);
  }

  private finishAttempt(attempt: ViewChangeAttempt): void {
    const view = this.current;
    if (!view) return;
    this.attempt = undefined;
    const now = this.setup.clock.now();
    const leavers = attempt.survivors.filter((s) => this.leaveRequests.has(memberKey(s)));
    const stay = attempt.survivors.filter((s) => !this.leaveRequests.has(memberKey(s)));
    const joiners = [...this.joinRequests.values()]
      .filter((j) => j.at + this.timing.memberTimeoutMs >= now && !stay.some((s) => s.id === j.member.id))
      .map((j) => j.member);
    const members = attempt.dissolveInto ? [] : [...stay, ...joiners];
    const first = members[0];
    const next: View | undefined = first
      ? { id: Math.max(view.id, this.maxViewSeen) + 1, coordinator: first.id, members }
      : undefined;
    // Deliver up to the cut here first, so the history handed to joiners includes it.
    this.deliverCut(attempt.cut);
    const install: VsInstall = {
      ...this.envelope(),
      type: 'install',
      attempt: attempt.n,
      prev: refOf(view),
      cut: attempt.cut,
      next,
      history: this.streams.spans(),
      dissolveInto: attempt.dissolveInto,
    };
    for (const target of [...attempt.survivors, ...joiners]) this.sendTo(target.id, install);
    for (const j of joiners) this.joinRequests.delete(j.id);
    for (const l of leavers) this.leaveRequests.delete(memberKey(l));
    this.applyInstall(install);
  }

  // ---- view change: every member ---------------------------------------------------------------

  private onPrepare(message: VsPrepare): void {
    const view = this.current;
    if (this.phase !== 'member' || !view) return;
    const proposer = sender(message);
    if (message.view < view.id) {
      if (byId(view, proposer.id) && this.lastInstall) this.sendTo(proposer.id, this.lastInstall); // it is behind
      return;
    }
    if (message.view !== view.id || message.coordinator !== view.coordinator) {
      this.askSync(proposer.id);
      return;
    }
    if (this.pendingInstall) {
      this.sendTo(proposer.id, this.pendingInstall); // this view is over already: hand on how it ended
      return;
    }
    const rank = rankOf(view, proposer);
    const survives = (m: Member) => message.survivors.some((s) => s.id === m.id && s.inc === m.inc);
    if (rank < 0 || !survives(this.me())) return;
    // Its turn only once every more senior member is gone: in its proposal and by this member's own
    // failure detector (a stale proposal from a partition must not pull this member away from a live one).
    const now = this.setup.clock.now();
    const seniors = view.members.slice(0, rank);
    if (seniors.some((m) => survives(m) || this.isSelf(m) || !this.fd.suspected(memberKey(m), now))) return;
    const current = this.follow;
    if (current?.proposer === proposer.id && message.attempt < current.attempt) return;
    if (this.attempt && proposer.id !== this.setup.self) this.attempt = undefined; // a senior proposer takes over
    for (const m of view.members) if (!survives(m)) this.fd.accuse(memberKey(m));
    const follow = this.followAttempt(proposer.id, message.attempt);
    const ok: VsFlushOk = {
      ...this.envelope(),
      type: 'flush-ok',
      attempt: message.attempt,
      proposer: proposer.id,
      digest: limitDigest(follow.limit),
    };
    this.sendTo(proposer.id, ok);
  }

  /** Stops sending and fixes what this member reports (and so may deliver) for the attempt. */
  private followAttempt(proposer: MemberId, attempt: number): Follow {
    const current = this.follow;
    if (current && current.proposer === proposer && current.attempt === attempt) return current;
    const limit = new Map(this.receivedDigest(false).map((c) => [streamKey(c.sender, c.inc), c.next]));
    this.follow = { proposer, attempt, limit, cut: undefined, done: false };
    this.counters.flushes++;
    return this.follow;
  }

  private onCut(message: VsCut): void {
    const follow = this.follow;
    if (!follow || follow.proposer !== message.proposer || follow.attempt !== message.attempt) return;
    follow.cut = message.cut;
    follow.done = false; // a repeated CUT: answer again
    this.checkCut();
  }

  private checkCut(): void {
    const follow = this.follow;
    if (!follow?.cut || follow.done || follow.proposer === this.setup.self) return;
    let complete = true;
    for (const c of follow.cut) {
      const stream = this.streams.open(c.sender, c.inc, 0);
      if (stream.received >= c.next) continue;
      complete = false;
      this.fetch(stream, c.next, follow.proposer);
    }
    if (!complete) return;
    follow.done = true;
    this.flushedCut = cutMap(follow.cut);
    this.sendTo(follow.proposer, {
      ...this.envelope(),
      type: 'cut-done',
      attempt: follow.attempt,
      proposer: follow.proposer,
    });
  }

  private retryFollow(): void {
    const follow = this.follow;
    if (follow?.cut && !follow.done) this.checkCut();
  }

  private onInstall(message: VsInstall): void {
    const me = this.me();
    if (this.phase === 'joining') {
      const joining = this.joining;
      if (message.next && isIn(message.next, me) && joining && !joining.installing)
        this.beginCatchUp(message);
      return;
    }
    const view = this.current;
    if (this.phase !== 'member' || !view) return;
    if (sameRef(message.prev, view)) {
      if (this.pendingInstall) return;
      if (message.next && !isIn(message.next, me) && !message.dissolveInto && !this.leaving) {
        this.startJoining(true, undefined); // excluded (a partition or a false suspicion): rejoin
        return;
      }
      this.pendingInstall = message;
      this.tryInstall();
      return;
    }
    const next = message.next;
    if (!next || sameRef(next, view)) return;
    if (isIn(next, me) || byId(view, message.origin)) {
      // Views went on without this member (it missed some, or was excluded): rejoin and catch up.
      if (next.id > view.id) this.startJoining(true, undefined);
      return;
    }
    // Another partition's view. The one without precedence dissolves into the other.
    const theirs = { coordinator: next.coordinator, size: next.members.length };
    const mine = { coordinator: view.coordinator, size: view.members.length };
    if (precedes(theirs, mine) && this.actingCoordinator(this.setup.clock.now()) === this.setup.self) {
      this.mergeInto = next.coordinator;
    }
  }

  /** Completes an install once everything below its cut is here (fetched from the installer). */
  private tryInstall(): void {
    const install = this.pendingInstall;
    if (!install) return;
    let complete = true;
    for (const c of install.cut) {
      const stream = this.streams.open(c.sender, c.inc, 0);
      if (stream.received >= c.next) continue;
      complete = false;
      this.fetch(stream, c.next, install.origin);
    }
    if (!complete) return;
    this.pendingInstall = undefined;
    this.applyInstall(install);
  }

  /** The end of the current view: deliver up to the cut, drop what lies beyond, then move on. */
  private applyInstall(install: VsInstall): void {
    const view = this.current;
    if (!view) return;
    this.deliverCut(install.cut);
    for (const m of view.members) {
      const stream = this.streams.get(m.id, m.inc);
      const limit =
        install.cut.find((c) => c.sender === m.id && c.inc === m.inc)?.next ?? stream?.delivered ?? 0;
      if (stream) this.streams.discardFrom(stream, limit);
    }
    this.follow = undefined;
    this.attempt = undefined;
    this.flushedCut = undefined;
    if (install.next && isIn(install.next, this.me())) this.installView(install, false);
    else if (install.dissolveInto) this.startJoining(false, install.dissolveInto);
    else if (this.leaving) this.finishLeave();
    else this.startJoining(true, undefined);
  }

  private deliverCut(cut: readonly StreamCut[]): void {
    for (const c of cut) {
      const stream = this.streams.get(c.sender, c.inc);
      while (stream && stream.delivered < c.next && this.deliverOne(stream, false)) {}
    }
  }

  /** Installs `install.next`: a survivor after delivering the old view's cut, or a joiner after catching up. */
  private installView(install: VsInstall, joined: boolean): void {
    const next = install.next;
    if (!next) return;
    const prev = this.current;
    this.phase = 'member';
    this.current = next;
    this.lastInstall = install;
    this.joining = undefined;
    this.maxViewSeen = Math.max(this.maxViewSeen, next.id);
    this.blocked = false;
    this.mergeInto = undefined;
    this.wasMember = true;
    for (const m of next.members) this.streams.open(m.id, m.inc, 0);
    for (const key of [...this.digests.keys()])
      if (!next.members.some((m) => memberKey(m) === key)) this.digests.delete(key);
    const now = this.setup.clock.now();
    this.fd.watch(next.members.filter((m) => !this.isSelf(m)).map(memberKey), now);
    this.counters.views++;
    const record: ViewRecord = {
      type: 'view',
      group: this.setup.options.group,
      view: next.id,
      coordinator: next.coordinator,
      members: next.members.map((m) => m.id),
      prev: joined || !prev ? null : { view: prev.id, coordinator: prev.coordinator },
      t: this.wallClock(),
    };
    this.setup.store.append(viewStoreRecord(record, next.members));
    for (const listener of [...this.viewListeners]) listener(record);
    const future = this.future;
    this.future = [];
    for (const message of future) if (message.view >= next.id) this.onData(message);
    this.wake();
  }

  // ---- joining with catch-up -------------------------------------------------------------------

  /** A joiner is in the install: position its streams, fetching missed history first if it catches up. */
  private beginCatchUp(install: VsInstall): void {
    const joining = this.joining;
    if (!joining) return;
    const plan: StreamCut[] = [];
    for (const span of install.history) {
      const known = this.streams.get(span.sender, span.inc);
      if (!joining.catchUp) {
        this.streams.skipTo(this.streams.open(span.sender, span.inc, span.next), span.next);
        continue;
      }
      const stream = known ?? this.streams.open(span.sender, span.inc, span.from);
      if (stream.delivered < span.from) this.streams.skipTo(stream, span.from); // older history is gone
      if (stream.delivered < span.next) plan.push({ sender: span.sender, inc: span.inc, next: span.next });
    }
    const sources = (install.next?.members ?? []).map((m) => m.id).filter((id) => id !== this.setup.self);
    const first = install.origin;
    joining.installing = {
      install,
      plan,
      sources: [first, ...sources.filter((id) => id !== first)],
      rounds: 0,
      progress: -1,
    };
    this.continueCatchUp();
  }

  private continueCatchUp(): void {
    const catchUp = this.joining?.installing;
    if (!catchUp) return;
    let missing = 0;
    let have = 0;
    for (const p of catchUp.plan) {
      const stream = this.streams.open(p.sender, p.inc, 0);
      have += stream.received;
      if (stream.received < p.next) missing++;
    }
    if (missing > 0 && catchUp.rounds < CATCH_UP_ROUNDS) {
      const now = this.setup.clock.now();
      const due = catchUp.plan.some(
        (p) => (this.streams.get(p.sender, p.inc)?.askedAt ?? 0) + this.timing.nackRetryMs <= now,
      );
      if (!due) return;
      if (have === catchUp.progress) catchUp.rounds++;
      catchUp.progress = have;
      const source =
        catchUp.sources[Math.floor(catchUp.rounds / CATCH_UP_ROUNDS_PER_SOURCE) % catchUp.sources.length];
      for (const p of catchUp.plan) {
        const stream = this.streams.open(p.sender, p.inc, 0);
        if (source && stream.received < p.next) this.fetch(stream, p.next, source, true);
      }
      return;
    }
    for (const p of catchUp.plan) {
      const stream = this.streams.open(p.sender, p.inc, 0);
      while (stream.delivered < p.next && this.deliverOne(stream, true)) {}
      if (stream.delivered < p.next) {
        this.counters.lost += p.next - stream.delivered;
        this.streams.skipTo(stream, p.next); // no source had it (documented limit)
      }
    }
    this.installView(catchUp.install, true);
  }

  private finishLeave(): void {
    this.phase = 'left';
    this.current = undefined;
    this.timer?.cancel();
    this.statusSoon?.cancel();
    const leaving = this.leaving;
    this.leaving = undefined;
    leaving?.resolve();
    this.wake();
  }

  private isSelf(m: Member): boolean {
    return m.id === this.setup.self && m.inc === this.inc;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

const sender = (message: VsEnvelope): Member => ({ id: message.origin, inc: message.inc });

function limitDigest(limit: Map<string, number>): StreamCut[] {
  return [...limit].map(([key, next]) => {
    const at = key.lastIndexOf('#');
    return { sender: key.slice(0, at), inc: Number.parseInt(key.slice(at + 1), 16), next };
  });
}

const cutMap = (cut: readonly StreamCut[]) => new Map(cut.map((c) => [streamKey(c.sender, c.inc), c.next]));

function subscribe<T>(listeners: T[], listener: T): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}
