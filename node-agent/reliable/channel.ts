import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/sim/random.js';
import type { Reliability, Timing } from '../group-types/options.js';
import type { Stall } from '../group-types/stall.js';
import type { GroupCounters } from '../group-types/stats.js';
import type {
  AckMessage,
  MemberId,
  NackMessage,
  SeqRange,
  StreamKind,
  StreamMessage,
  StreamPosition,
} from '../wire/messages.js';
import { AckRetransmitter } from './ack-retransmitter.js';
import type { ChannelHooks, ChannelLimits } from './channel-ports.js';
import { DelayedAcks } from './delayed-acks.js';
import { DigestTable, streamId } from './digests.js';
import { GapSkipper } from './gap-skipper.js';
import { NackScheduler } from './nack-scheduler.js';
import { type Incoming, receiveStall } from './receive-stall.js';
import { ReceiveStream } from './receive-stream.js';
import { RepairScheduler } from './repair-scheduler.js';
import { SendStream } from './send-stream.js';
import { StabilityReports } from './stability-reports.js';

/**
 * Own data carries this member's digest when an ack is owed, or when the last one it carried is this
 * old: often enough for stability (heartbeats carry it too), without decoding and applying a digest of
 * every stream at every member for every message.
 */
const PIGGYBACK_EVERY_MS = 10;

/** Most sequence numbers one NACK is answered for (a bound on the work a request causes). */
const MAX_REPAIRS_PER_NACK = 256;

type StreamFields = Pick<StreamMessage, 'inc' | 'seq' | 'low' | 'retransmit' | 'digest'>;

/**
 * R-multicast over an unreliable group transport: per-sender sequence numbers, hold-back queues and
 * duplicate detection, and one of three ways to recover loss —
 * - best-effort: none; a gap is waited for `holdMs` (reordering) and then skipped (gap-skipper.ts);
 * - nack: receivers NACK gaps (backoff + suppression), any holder repairs; heartbeats reveal a silent
 *   sender's last message; messages are kept until the origin reports them stable;
 * - ack: receivers ack cumulatively (delayed, or piggybacked on their own data and heartbeats); the
 *   sender retransmits what a member has not acked after `rtoMs`, within a pipelining window; once the
 *   sender is gone, its stream is recovered as in nack mode, from the members that have it.
 * Stability is the same in both reliable modes: a message is stable (freed) once the digests of every
 * member reach past it. Both streams of a member — its data and, for a sequencer, its order messages —
 * go through here.
 */
export class ReliableChannel {
  private readonly own = new Map<StreamKind, SendStream<StreamMessage>>();
  private readonly incoming = new Map<string, Incoming>();
  private readonly digests = new DigestTable();
  private readonly nacks: NackScheduler;
  private readonly repairs: RepairScheduler;
  private readonly acks: DelayedAcks;
  private readonly skipper: GapSkipper;
  /** Origins gone (left or given up): their streams are recovered from other holders, in ACK mode too. */
  private readonly orphans = new Set<MemberId>();
  private readonly retransmitter: AckRetransmitter;
  private readonly reports: StabilityReports;
  private piggybackedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly self: MemberId,
    readonly inc: number,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly mode: Reliability,
    private readonly timing: Timing,
    private readonly limits: ChannelLimits,
    private readonly hooks: ChannelHooks,
    private readonly counters: GroupCounters,
  ) {
    this.nacks = new NackScheduler(clock, random, timing, (id) => this.sendNack(id));
    this.repairs = new RepairScheduler(clock, timing.repairMs, (id, seq) => this.repair(id, seq));
    this.acks = new DelayedAcks(clock, timing.ackDelayMs, (to) => this.sendAck(to));
    this.skipper = new GapSkipper(clock, timing.holdMs, (message) => hooks.inOrder(message));
    this.reports = new StabilityReports(Math.max(1, limits.maxBuffered >> 2), (to) => this.sendAck(to));
    this.retransmitter = new AckRetransmitter(
      self,
      clock,
      timing.rtoMs,
      this.own,
      this.digests,
      hooks,
      counters,
    );
    // Announced (in digests) from the start: receivers then know the stream begins at 0 even if its
    // first messages are lost, and can recover them from any member that has them.
    this.ownStream('data');
  }

  /** Why an own data message cannot be sent now, if it cannot. */
  blocked(): 'window' | 'buffer' | undefined {
    const unstable = this.own.get('data')?.unstable ?? 0;
    if (this.mode === 'ack' && unstable >= this.limits.window) return 'window';
    if (this.mode === 'nack' && unstable >= this.limits.maxBuffered) return 'buffer';
    return undefined;
  }

  /** Numbers, keeps (reliable modes) and multicasts the next message of an own stream. */
  send<M extends StreamMessage>(kind: StreamKind, build: (fields: StreamFields) => M): M {
    const own = this.ownStream(kind);
    const now = this.clock.now();
    const piggyback =
      this.mode !== 'best-effort' &&
      (this.acks.pending > 0 || now - this.piggybackedAt >= PIGGYBACK_EVERY_MS);
    const message = build({
      inc: own.inc,
      seq: own.next,
      low: own.low,
      retransmit: false,
      digest: piggyback ? this.digest() : [],
    });
    own.append(message, now);
    this.hooks.toAll(message);
    if (piggyback) this.digestSent();
    if (this.mode === 'ack') this.retransmitter.arm();
    this.updateStability();
    return message;
  }

  receive(message: StreamMessage): void {
    if (message.origin === this.self) return; // our own, relayed back or repaired by another member
    if (message.digest.length > 0) this.receiveDigest(message.origin, message.digest);
    const kind = kindOf(message);
    const id = streamId(kind, message.origin);
    if (message.retransmit) this.repairs.overheard(id, message.seq);
    if (!this.hooks.receiving()) return;
    const entry = this.incomingFor(kind, message.origin, message.inc, message.low);
    const arrival = entry.stream.add(message, this.clock.now());
    if (arrival === 'duplicate') {
      this.counters.duplicates++;
      if (this.mode === 'ack' && message.retransmit) this.acks.owe(message.origin); // our ack was lost
    } else if (arrival === 'late') {
      this.counters.late++;
    } else if (arrival === 'new') {
      if (message.type === 'data') this.counters.received++;
      if (message.type === 'data' && message.seq !== entry.stream.next) this.counters.heldBack++;
      this.hooks.arrived(message);
    }
    this.drain(entry);
    // Overhearing the repair of our gap (asked for by someone else): hold our own NACK a while longer.
    if (arrival === 'new' && message.retransmit && entry.stream.missing(1).length > 0) {
      if (this.nacks.overheard(id)) this.counters.nacksSuppressed++;
    }
  }

  receiveNack(nack: NackMessage): void {
    if (!this.peerRecovery(nack.stream)) return;
    const id = streamId(nack.kind, nack.stream);
    const entry = this.incoming.get(id);
    if (entry && entry.stream.inc === nack.inc && overlaps(entry.stream.missing(), nack.ranges)) {
      if (this.nacks.overheard(id)) this.counters.nacksSuppressed++;
    }
    const own = nack.stream === this.self ? this.own.get(nack.kind) : undefined;
    // While the origin is heard it repairs its own stream; other holders step in once it falls silent.
    // (Holders that stand down on overhearing its repair still all repair when they are too busy to
    // read it in time: a storm of copies that buries the receivers it should help.)
    if (!own && !this.orphans.has(nack.stream)) return;
    const held = own ?? entry?.stream;
    if (held?.inc !== nack.inc) return;
    let count = 0;
    for (const range of nack.ranges) {
      for (let seq = range.first; seq <= range.last && count < MAX_REPAIRS_PER_NACK; seq++, count++) {
        if (!held.get(seq)) continue;
        // The origin answers at once; holders of a silent origin's stream wait longer and stand down if
        // they hear another's repair.
        const delay = own
          ? (this.random.next() * this.timing.repairMs) / 2
          : this.timing.repairMs * (1 + this.random.next());
        this.repairs.request(id, seq, delay);
      }
    }
  }

  receiveAck(ack: AckMessage): void {
    this.receiveDigest(ack.origin, ack.digest, false);
  }

  /**
   * A member's receive positions: multicast (a heartbeat, or piggybacked on its data) or unicast (an
   * ack).
   */
  receiveDigest(from: MemberId, digest: readonly StreamPosition[], multicast = true): void {
    this.digests.update(from, digest);
    for (const p of digest) {
      if (p.origin === this.self) continue; // an ack of ours: stability, below
      const id = streamId(p.kind, p.origin);
      if (p.origin === from) {
        // The origin on its own stream: what it has sent (an idle sender's tail) and what is stable.
        if (!this.hooks.receiving()) continue;
        const entry = this.incomingFor(p.kind, p.origin, p.inc, p.low);
        if (this.mode !== 'best-effort' && entry.stream.next < p.low) {
          // Stable among the members the origin knew before it knew us: gone for good, start after it.
          entry.stream.skipTo(p.low);
          this.hooks.started(p.kind, p.origin, entry.stream.next);
        }
        entry.stream.heard(p.next);
        if (this.mode !== 'best-effort') entry.stream.release(p.low);
        this.drain(entry);
      } else if (this.peerRecovery(p.origin) && (multicast || this.orphans.has(p.origin))) {
        // Another member has received further than us: the messages exist, NACK them. A silent origin's
        // stream this member never heard of starts where that member's began (its digest's `low`).
        // A digest multicast to the group queues behind the data it reports on; one in a unicast ack
        // may overtake data still queued at the group socket, so it counts only once the origin is
        // silent (NACKing on it would ask for repairs of messages merely not read yet).
        let entry = this.incoming.get(id);
        if (!entry && this.orphans.has(p.origin) && this.hooks.receiving() && p.next > p.low)
          entry = this.incomingFor(p.kind, p.origin, p.inc, p.low);
        if (entry && entry.stream.inc === p.inc) {
          entry.stream.heard(p.next);
          this.drain(entry);
        }
      }
    }
    this.updateStability();
  }

  /** This member's positions: own streams as sent, others' as received without a gap. */
  digest(): StreamPosition[] {
    const positions: StreamPosition[] = [];
    for (const [kind, own] of this.own) {
      positions.push({ kind, origin: this.self, inc: own.inc, low: own.low, next: own.next });
    }
    if (this.hooks.receiving()) {
      for (const { kind, origin, stream } of this.incoming.values()) {
        positions.push({ kind, origin, inc: stream.inc, low: stream.base, next: stream.next });
      }
    }
    return positions;
  }

  /** A digest went to everyone (a heartbeat): no ack is owed any more. */
  digestSent(): void {
    this.piggybackedAt = this.clock.now();
    this.acks.piggybacked();
    this.reports.reported();
  }

  /**
   * A member fell silent: its messages that reached some members only are recovered from them from now
   * on (agreement even when the multicaster crashes), in ACK mode too, where otherwise only the origin
   * retransmits. Started at suspicion, so it is done before anyone takes over the member's role.
   */
  suspect(member: MemberId): void {
    this.orphans.add(member);
  }

  /** A member left or was given up: stop waiting for it. */
  forget(member: MemberId): void {
    this.suspect(member);
    this.digests.forget(member);
    this.updateStability();
  }

  /**
   * Whether this member has received the `kind` streams of the origins `of` selects as far as any current
   * member reports having them (the ORDERs of a sequencer that is gone come before its successor's).
   */
  caughtUp(kind: StreamKind, of: (origin: MemberId) => boolean): boolean {
    for (const { kind: k, origin, stream } of this.incoming.values()) {
      if (k !== kind || !of(origin)) continue;
      for (const member of this.hooks.others()) {
        const position = this.digests.position(member, streamId(kind, origin), stream.inc);
        if (position !== undefined && position > stream.next) return false;
      }
    }
    return true;
  }

  /** Whether no current member, this one included, has message `seq` of `origin`'s stream of `kind`. */
  nobodyHas(kind: StreamKind, origin: MemberId, inc: number, seq: number): boolean {
    const id = streamId(kind, origin);
    const entry = this.incoming.get(id);
    if (entry?.stream.inc === inc && entry.stream.get(seq)) return false;
    return this.hooks.others().every((m) => (this.digests.position(m, id, inc) ?? 0) <= seq);
  }

  /** The sequence number this member's next data message gets. */
  nextSeq(): number {
    return this.own.get('data')?.next ?? 0;
  }

  get holding(): number {
    let n = 0;
    for (const { stream } of this.incoming.values()) n += stream.heldBack;
    return n;
  }

  /**
   * The hold-back queue's oldest message (over the incoming streams of `kinds`) and the gap its stream
   * waits for; undefined when nothing is held back. Cheap: one look per stream.
   */
  stall(kinds: readonly StreamKind[] = ['data', 'order']): Stall | undefined {
    return receiveStall(
      [...this.incoming.values()].filter((entry) => kinds.includes(entry.kind)),
      this.clock.now(),
    );
  }

  /** The next sequence number expected of `origin`'s stream of `kind`, if this member receives it. */
  expected(kind: StreamKind, origin: MemberId): number | undefined {
    return this.incoming.get(streamId(kind, origin))?.stream.next;
  }

  get buffered(): number {
    let n = 0;
    for (const own of this.own.values()) n += own.buffered;
    for (const { stream } of this.incoming.values()) n += stream.buffered;
    return n;
  }

  stop(): void {
    this.nacks.stop();
    this.repairs.stop();
    this.acks.stop();
    this.skipper.stop();
    this.retransmitter.stop();
  }

  /** Whether `origin`'s gaps are NACKed to the group and repaired by any holder. */
  private peerRecovery(origin: MemberId): boolean {
    return this.mode === 'nack' || (this.mode === 'ack' && this.orphans.has(origin));
  }

  private ownStream(kind: StreamKind): SendStream<StreamMessage> {
    let own = this.own.get(kind);
    if (!own) {
      own = new SendStream(this.inc, this.mode !== 'best-effort');
      this.own.set(kind, own);
    }
    return own;
  }

  private incomingFor(kind: StreamKind, origin: MemberId, inc: number, base: number): Incoming {
    const id = streamId(kind, origin);
    const known = this.incoming.get(id);
    if (known && known.stream.inc === inc) return known;
    // A new stream, or a restarted origin (new incarnation): start where the origin's history begins.
    this.nacks.filled(id);
    this.skipper.forget(id);
    const maxAhead = 2 * Math.max(this.limits.window, this.limits.maxBuffered);
    const entry = {
      kind,
      origin,
      stream: new ReceiveStream<StreamMessage>(inc, base, this.mode !== 'best-effort', maxAhead),
    };
    this.incoming.set(id, entry);
    this.hooks.started(kind, origin, base);
    return entry;
  }

  /** Passes on what is now in order, and schedules recovery of what is still missing. */
  private drain(entry: Incoming): void {
    const id = streamId(entry.kind, entry.origin);
    const ready = entry.stream.takeInOrder();
    for (const message of ready) this.hooks.inOrder(message);
    if (this.mode === 'ack' && ready.length > 0) this.acks.owe(entry.origin);
    if (this.mode === 'nack' && ready.length > 0) this.reports.took(entry.origin, ready.length);
    if (this.peerRecovery(entry.origin)) {
      if (entry.stream.missing(1).length > 0) this.nacks.gap(id, entry.stream.newestGap);
      else this.nacks.filled(id);
    }
    if (this.mode === 'best-effort') this.skipper.watch(id, entry, () => this.drain(entry));
  }

  private sendNack(id: string): number | undefined {
    const entry = this.incoming.get(id);
    const ranges = entry?.stream.missing() ?? [];
    if (!entry || ranges.length === 0) return undefined;
    const { kind, origin, stream } = entry;
    this.hooks.toAll({
      ...this.hooks.envelope(),
      type: 'nack',
      kind,
      stream: origin,
      inc: stream.inc,
      ranges,
    });
    this.counters.nacksSent++;
    return ranges[ranges.length - 1]?.last;
  }

  private repair(id: string, seq: number): void {
    const own = [...this.own].find(([kind]) => streamId(kind, this.self) === id)?.[1];
    const message = own ? own.get(seq) : this.incoming.get(id)?.stream.get(seq);
    if (!message) return;
    this.hooks.toAll({ ...message, relay: false, retransmit: true, ...(own ? { low: own.low } : {}) });
    this.counters.retransmissions++;
  }

  private sendAck(to: MemberId): void {
    this.hooks.toOne(to, { ...this.hooks.envelope(), type: 'ack', digest: this.digest() });
    this.counters.acksSent++;
  }

  /** Notes what every member has received, frees what is also old enough, and wakes blocked senders. */
  private updateStability(): void {
    const others = this.hooks.others();
    const now = this.clock.now();
    const maxKept = 4 * Math.max(this.limits.window, this.limits.maxBuffered);
    let relief = false;
    for (const [kind, own] of this.own) {
      const before = own.unstable;
      const acked = this.digests.stable(streamId(kind, this.self), own.inc, others, own.low);
      own.release(acked, now, this.timing.retainMs, maxKept);
      relief ||= own.unstable < before;
    }
    if (relief) this.hooks.room();
    // A member that became known may lack kept messages: retransmission resumes.
    if (this.mode === 'ack') this.retransmitter.arm();
  }

  /** Periodic upkeep (the member's heartbeat): releases what aged past the retention time. */
  tick(): void {
    this.updateStability();
  }
}

const kindOf = (message: StreamMessage): StreamKind => (message.type === 'data' ? 'data' : 'order');

function overlaps(a: readonly SeqRange[], b: readonly SeqRange[]): boolean {
  return a.some((x) => b.some((y) => x.first <= y.last && y.first <= x.last));
}
