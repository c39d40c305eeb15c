import type { Timer } from '../../common/clock.js';
import { createDissemination, type Dissemination, hashSubgroup } from '../dissemination/dissemination.js';
import { type DeliveryRecord, deliveryRecord, messageId } from '../group-types/delivery-record.js';
import type { MemberSetup } from '../group-types/member-setup.js';
import { DEFAULT_TIMING, type Timing } from '../group-types/options.js';
import { olderStall, type Stall } from '../group-types/stall.js';
import { type GroupCounters, type GroupStats, zeroCounters } from '../group-types/stats.js';
import { createOrderer } from '../order/create.js';
import type { Orderer } from '../order/orderer.js';
import { ReliableChannel } from '../reliable/channel.js';
import { decodeMessage, encodeMessage } from '../wire/codec.js';
import type { DataMessage, Envelope, GroupMessage, HeartbeatMessage, MemberId } from '../wire/messages.js';
import { Awaited } from './awaited.js';
import { ControlRuns, finalsOf, orderedRefs, proposalsOf } from './control-runs.js';
import { DeliveredTracker } from './delivered.js';
import { Flush } from './flush.js';
import { SoftStateMembership } from './membership.js';
import { OrderHandoff } from './order-handoff.js';
import type { SendResult, Sent } from './send-result.js';

/** A plain group has no views: its messages and delivery records all carry this one. */
const PLAIN_VIEW = 0;
const DEFAULT_WINDOW = 32;
const DEFAULT_MAX_BUFFERED = 1024;

/** The protocol stack of one membership period (join to leave): a rejoin starts a fresh one. */
interface Session {
  channel: ReliableChannel;
  orderer: Orderer;
  orders: OrderHandoff;
  control: ControlRuns;
  flush: Flush;
  delivered: DeliveredTracker;
  heartbeat: Timer | undefined;
}

/**
 * One member of one group: reliable (per `reliability`) and ordered (per `ordering`) multicast over a
 * port with a multicast and a unicast send. Pure protocol logic: time comes from the Clock, randomness
 * from Random, datagrams from `receive`.
 */
export class GroupMember {
  private readonly timing: Timing;
  private readonly membership: SoftStateMembership;
  private readonly dissemination: Dissemination;
  private readonly counters: GroupCounters = zeroCounters();
  private readonly wallClock: () => number;
  private session: Session | undefined;
  private joined = false;
  private joinedAt = 0;
  private stopped = false;
  private waiters: (() => void)[] = [];
  /**
   * Own messages sent since joining and not yet delivered here: an ordering that waits on others (a
   * remote sequencer, ISIS proposals) bounds them, so a sender cannot run arbitrarily far ahead of the
   * order. (Best-effort orders may give own messages up: not counted.)
   */
  private ownUndelivered = 0;
  private readonly awaited: Awaited;

  constructor(private readonly setup: MemberSetup) {
    const { options, self, port } = setup;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.membership = new SoftStateMembership(self, this.timing.memberTimeoutMs);
    const { memberGiveUpMs, memberTimeoutMs } = this.timing;
    this.awaited = new Awaited(self, this.membership, memberGiveUpMs - memberTimeoutMs);
    this.wallClock = setup.wallClock ?? Date.now;
    this.dissemination = createDissemination(options.transport, {
      port,
      self,
      members: () => this.membership.members(),
      peers: options.peers ?? [],
      subgroupOf: options.subgroupOf ?? hashSubgroup,
    });
  }

  join(): void {
    if (this.joined || this.stopped) return;
    this.joined = true;
    this.joinedAt = this.setup.clock.now();
    this.membership.joinSelf();
    const session = this.ensureSession();
    this.emit({ ...this.envelope(), type: 'join', inc: session.channel.inc }, 'everyone');
  }

  /** Announces the leave and drops all protocol state (unstable own messages are not waited for). */
  leave(): void {
    if (!this.joined) return;
    const inc = this.session?.channel.inc ?? 0;
    this.session?.control.flush();
    this.emit({ ...this.envelope(), type: 'leave', inc }, 'everyone');
    this.joined = false;
    this.membership.leaveSelf();
    this.awaited.clear();
    this.endSession();
  }

  send(payload: Buffer): SendResult {
    if (this.stopped) return { status: 'rejected', reason: 'stopped' };
    // Open groups take messages from non-members; a closed group's own members must have joined.
    if (!this.joined && this.setup.options.closed) return { status: 'rejected', reason: 'not-joined' };
    const session = this.ensureSession();
    const reason = session.flush.blocked ? 'flush' : (session.channel.blocked() ?? this.orderBlocked());
    if (reason) {
      this.counters.blocked++;
      return { status: 'blocked', reason, ready: new Promise((resolve) => this.waiters.push(resolve)) };
    }
    const message = session.channel.send('data', (fields) => ({
      ...this.envelope(),
      type: 'data',
      ...fields,
      vt: session.orderer.stamp(fields.seq),
      payload,
    }));
    this.counters.sent++;
    if (this.joined && this.setup.options.reliability !== 'best-effort') this.ownUndelivered++;
    session.orderer.sent(message);
    return { status: 'sent', msgId: messageId(message.inc, message.seq), seq: message.seq };
  }

  private orderBlocked(): 'order' | undefined {
    const limit = this.setup.options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
    return this.ownUndelivered >= limit ? 'order' : undefined;
  }

  /** Sends, waiting out back-pressure; rejects when the member cannot send at all. */
  async sendWhenReady(payload: Buffer): Promise<Sent> {
    for (;;) {
      const result = this.send(payload);
      if (result.status === 'sent') return result;
      if (result.status === 'rejected') throw new Error(`send rejected: ${result.reason}`);
      await result.ready;
    }
  }

  /** Resolves once everything sent in the group before the call is delivered at every member. */
  flush(): Promise<void> {
    if (!this.joined || !this.session) return Promise.resolve();
    return this.session.flush.start();
  }

  members(): MemberId[] {
    return [...this.membership.members()];
  }

  stats(): GroupStats {
    const s = this.session;
    return {
      ...this.counters,
      group: this.setup.options.group,
      joined: this.joined,
      view: PLAIN_VIEW,
      members: this.membership.members().length,
      holding: (s?.channel.holding ?? 0) + (s?.orderer.holding ?? 0),
      buffered: s?.channel.buffered ?? 0,
      stall: (s && this.stall(s)) ?? null,
    };
  }

  /**
   * The oldest held-back message of the channel's and the orderer's queues and what it waits for. Data
   * the orderer takes on arrival (ordering `none`) is delivered already, so its gaps are no stall.
   */
  private stall(session: Session): Stall | undefined {
    const { channel, orderer } = session;
    const stall = olderStall(
      channel.stall(orderer.onArrival ? ['order'] : ['data', 'order']),
      orderer.stall(),
    );
    const waiting = stall?.waitingFor;
    if (waiting?.kind === 'order' && waiting.sequencer !== undefined) {
      const orderSeq = channel.expected('order', waiting.sequencer);
      if (orderSeq !== undefined) waiting.orderSeq = orderSeq;
    }
    return stall;
  }

  /** A datagram for this group arrived; `from` is the hop it came from (a relay may not be its origin). */
  receive(bytes: Buffer, from: MemberId): void {
    if (this.stopped) return;
    const message = decodeMessage(bytes);
    if (!message || message.group !== this.setup.options.group) {
      this.counters.malformed++;
      return;
    }
    if (message.origin === this.setup.self) return; // our own, relayed back to us
    this.dissemination.forward(bytes, message, from);
    const session = this.session;
    if (!session) return; // neither joined nor sending: not listening
    const now = this.setup.clock.now();
    switch (message.type) {
      case 'join':
        this.awaited.heard(message.origin, now);
        if (this.joined) this.emitTo(message.origin, this.heartbeat(session, false)); // introduce ourselves
        break;
      case 'leave':
        if (this.awaited.left(message.origin)) this.lose(session, message.origin);
        break;
      case 'heartbeat':
        if (message.member) this.awaited.heard(message.origin, now);
        session.channel.receiveDigest(message.origin, message.digest);
        break;
      case 'data':
      case 'order':
        if (this.setup.options.closed && !this.membership.admitted(message.origin)) {
          this.counters.rejected++;
          return;
        }
        session.channel.receive(message);
        break;
      case 'nack':
        session.channel.receiveNack(message);
        break;
      case 'ack':
        session.channel.receiveAck(message);
        break;
      case 'propose':
        for (const proposal of proposalsOf(message)) session.orderer.proposed(proposal);
        break;
      case 'final':
        for (const final of finalsOf(message)) session.orderer.finalized(final);
        break;
      case 'flush':
        session.flush.receive(message);
        break;
    }
  }

  /** Stops all timers and refuses further work (no leave announcement). */
  stop(): void {
    this.stopped = true;
    this.endSession();
  }

  /** Suspects silent members, and gives up on members suspected for long enough. */
  private expire(session: Session, now: number): void {
    const { suspected, lost } = this.awaited.expire(now);
    for (const member of suspected) session.channel.suspect(member);
    for (const member of lost) this.lose(session, member);
  }

  /** A member left or was given up: nobody waits for it any more. */
  private lose(session: Session, member: MemberId): void {
    session.channel.forget(member);
    session.orderer.lost(member);
  }

  private envelope(): Envelope {
    return {
      group: this.setup.options.group,
      origin: this.setup.self,
      view: PLAIN_VIEW,
      relay: false,
    };
  }

  private emit(message: GroupMessage, scope: 'members' | 'everyone' = 'members'): void {
    this.dissemination.toAll(encodeMessage(message), scope);
  }

  private emitTo(to: MemberId, message: GroupMessage): void {
    this.dissemination.toOne(to, encodeMessage(message));
  }

  /** A heartbeat to everyone also pays the acks owed (it carries the same digest). */
  private heartbeat(session: Session, toEveryone: boolean): HeartbeatMessage {
    const digest = session.channel.digest();
    if (toEveryone) session.channel.digestSent();
    return { ...this.envelope(), type: 'heartbeat', inc: session.channel.inc, member: this.joined, digest };
  }

  private ensureSession(): Session {
    if (this.session) return this.session;
    const { clock, random, self, options } = this.setup;
    const reliable = options.reliability !== 'best-effort';
    const inc = random.int(0xffffffff);
    const delivered = new DeliveredTracker();
    const others = () => this.awaited.others();
    const gone = (member: MemberId) => this.awaited.gone(member);
    const gonesOrdersHere = () => session.channel.caughtUp('order', gone);
    // The parts refer to one another through `session`, complete before any of them runs.
    const session = { delivered, heartbeat: undefined } as Session;
    session.orderer = createOrderer(options.ordering, {
      self,
      clock,
      reliable,
      holdMs: this.timing.holdMs,
      proposeRetryMs: this.timing.proposeRetryMs,
      counters: this.counters,
      inc,
      members: () => this.awaited.all(),
      deliver: (message) => this.deliver(session, message),
      // Not before this member has been in the group long enough to have heard of every other member;
      // a suspected sequencer keeps the role until given up (one sequencer, not one per side of a stall);
      // its successor orders once it has every ORDER of it that any member has (one order, not two).
      sequencer: () => {
        if (clock.now() - this.joinedAt < this.timing.memberTimeoutMs) return undefined;
        const first = this.awaited.all()[0];
        return first === self && !gonesOrdersHere() ? undefined : first;
      },
      sendOrder: (ref) => {
        session.control.order(ref);
        return true;
      },
      ownOrdersReturn: false,
      unreachable: (ref) =>
        gone(ref.sender) && session.channel.nobodyHas('data', ref.sender, ref.inc, ref.seq),
      sendPropose: (to, ref, proposal) => session.control.propose(to, ref, proposal),
      sendFinal: (ref, agreed, proposer, to) => {
        session.control.final(ref, agreed, proposer, to);
        return true;
      },
    });
    session.control = new ControlRuns(clock, {
      order: (run) =>
        session.channel.send('order', (fields) => ({ ...this.envelope(), type: 'order', ...fields, ...run })),
      propose: (to, run) => this.emitTo(to, { ...this.envelope(), type: 'propose', ...run }),
      final: (to, run) => {
        const final: GroupMessage = { ...this.envelope(), type: 'final', ...run };
        if (to === undefined) this.emit(final);
        else this.emitTo(to, final);
      },
    });
    session.orders = new OrderHandoff(gone, gonesOrdersHere, (ref) => session.orderer.ordered(ref));
    session.channel = new ReliableChannel(
      self,
      inc,
      clock,
      random,
      options.reliability,
      this.timing,
      { window: options.window ?? DEFAULT_WINDOW, maxBuffered: options.maxBuffered ?? DEFAULT_MAX_BUFFERED },
      {
        envelope: () => this.envelope(),
        toAll: (message) => this.emit(message),
        toOne: (to, message) => this.emitTo(to, message),
        others,
        receiving: () => this.joined,
        arrived: (message) => {
          if (message.type === 'data' && session.orderer.onArrival) session.orderer.received(message);
        },
        inOrder: (message) => {
          if (message.type === 'order') {
            for (const ref of orderedRefs(message)) session.orders.ordered(message.origin, ref);
          } else if (!session.orderer.onArrival) session.orderer.received(message);
        },
        started: (kind, origin, base) => {
          if (kind !== 'data') return;
          delivered.start(origin, base);
          session.orderer.started(origin, base);
        },
        room: () => this.wake(),
      },
      this.counters,
    );
    session.flush = new Flush({
      self,
      clock,
      random,
      timing: this.timing,
      reliable,
      members: () => this.membership.members(),
      send: (body, to) => {
        const message: GroupMessage = { ...this.envelope(), type: 'flush', ...body };
        if (to === undefined) this.emit(message);
        else this.emitTo(to, message);
      },
      nextSeq: () => session.channel.nextSeq(),
      reached: (cut) => delivered.reached(cut),
      unblocked: () => this.wake(),
    });
    this.session = session;
    this.scheduleHeartbeat(session);
    return session;
  }

  private endSession(): void {
    const session = this.session;
    this.session = undefined;
    this.ownUndelivered = 0;
    if (session) {
      session.heartbeat?.cancel();
      session.control.cancel();
      session.channel.stop();
      session.orderer.stop();
      session.flush.stop();
    }
    this.wake(); // blocked senders find out (their next send is refused or starts afresh)
  }

  /** Heartbeats (jittered, so members do not fall into step) also expire silent members. */
  private scheduleHeartbeat(session: Session): void {
    const { clock, random } = this.setup;
    const period = this.timing.heartbeatMs * (0.9 + 0.2 * random.next());
    session.heartbeat = clock.setTimer(period, () => {
      if (this.session !== session) return;
      this.emit(this.heartbeat(session, true), 'everyone');
      this.expire(session, clock.now());
      session.channel.tick();
      session.orders.release();
      session.orderer.tick();
      this.scheduleHeartbeat(session);
    });
  }

  private deliver(session: Session, message: DataMessage): void {
    if (!this.joined) return; // a non-member sender of an open group does not deliver
    const record: DeliveryRecord = deliveryRecord(message, this.wallClock());
    if (this.setup.options.ordering === 'causal') {
      record.vt = Object.fromEntries(message.vt.map((e) => [e.member, e.value]));
    }
    this.counters.delivered++;
    if (message.origin === this.setup.self && this.ownUndelivered > 0) {
      this.ownUndelivered--;
      if (this.waiters.length > 0) this.wake();
    }
    session.delivered.add(message.origin, message.seq);
    this.setup.deliver(record, message.payload);
    session.flush.check();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
