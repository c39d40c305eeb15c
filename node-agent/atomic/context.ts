import { createDissemination, type Dissemination, hashSubgroup } from '../dissemination/dissemination.js';
import { DEFAULT_TIMING, type Timing } from '../group-types/options.js';
import { encodeVs } from '../views/codec.js';
import { FailureDetector } from '../views/failure-detector.js';
import type { VsEnvelope, VsInstall, VsMessage } from '../views/messages.js';
import { type Member, memberKey, type View } from '../views/view.js';
import type { MemberId } from '../wire/messages.js';
import { zeroAtomicCounters } from './counters.js';
import { type Stream, Streams, type ViewStream, viewStreams } from './streams.js';
import type { AtomicGroupSetup } from './types.js';

export type Phase = 'idle' | 'joining' | 'member' | 'left' | 'stopped';

/**
 * What the parts of an atomic group member share: its setup and wiring, the streams it holds, and
 * where it stands (incarnation, view, phase). Each part keeps its own protocol state; the member
 * composes them (atomic/member.ts).
 */
export class MemberContext {
  readonly timing: Timing;
  readonly wallClock: () => number;
  readonly dissemination: Dissemination;
  readonly fd: FailureDetector;
  readonly streams = new Streams();
  readonly counters = zeroAtomicCounters();
  phase: Phase = 'idle';
  inc = 0;
  current: View | undefined;
  lastInstall: VsInstall | undefined;
  /** Primary partition lost: no sends, deliveries or view changes until the quorum is back. */
  blocked = false;
  maxViewSeen = 0;
  /** Its store or an earlier view shows it was in the group: it catches up when it joins. */
  wasMember = false;
  /** Receive positions other members reported: member key → stream key → next. */
  readonly digests = new Map<string, Map<string, number>>();
  /** Live views heard of (their coordinator → number, size, when): join targets and merge partners. */
  readonly liveViews = new Map<MemberId, { id: number; size: number; at: number }>();
  private readonly syncAsked = new Map<MemberId, number>();
  private waiters: (() => void)[] = [];

  constructor(readonly setup: AtomicGroupSetup) {
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
  }

  get self(): MemberId {
    return this.setup.self;
  }

  /** The current view's streams (none without a view). */
  viewStreams(view = this.current): ViewStream[] {
    return view ? viewStreams(view, this.setup.options.ordering) : [];
  }

  now(): number {
    return this.setup.clock.now();
  }

  me(): Member {
    return { id: this.setup.self, inc: this.inc };
  }

  isSelf(m: Member): boolean {
    return m.id === this.setup.self && m.inc === this.inc;
  }

  /** Members of the current view this member does not suspect (itself included), in seniority order. */
  alive(now: number): Member[] {
    return this.current?.members.filter((m) => this.isSelf(m) || !this.fd.suspected(memberKey(m), now)) ?? [];
  }

  /** The first member of the view this member does not suspect. */
  actingCoordinator(now: number): MemberId {
    return this.alive(now)[0]?.id ?? this.setup.self;
  }

  envelope(): VsEnvelope {
    // A member without a view names the highest it has seen: whoever adds it numbers the next view above.
    const view = this.current?.id ?? this.maxViewSeen;
    return { group: this.setup.options.group, origin: this.setup.self, inc: this.inc, view, relay: false };
  }

  emit(message: VsMessage, scope: 'members' | 'everyone' = 'members'): void {
    this.dissemination.toAll(encodeVs(message), scope);
  }

  sendTo(to: MemberId, message: VsMessage): void {
    if (to !== this.setup.self) this.dissemination.toOne(to, encodeVs(message));
  }

  askSync(to: MemberId): void {
    const now = this.now();
    if ((this.syncAsked.get(to) ?? -Infinity) + this.timing.heartbeatMs > now) return;
    this.syncAsked.set(to, now);
    this.sendTo(to, { ...this.envelope(), type: 'sync' });
  }

  fetch(stream: Stream, upTo: number, from: MemberId, history = false): void {
    const now = this.now();
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

  /** Resolves at the next wake: a blocked send may go ahead then. */
  ready(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

export const sender = (message: VsEnvelope): Member => ({ id: message.origin, inc: message.inc });
