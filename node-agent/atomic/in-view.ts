import { messageId } from '../group-types/delivery-record.js';
import type { VsData, VsFetch } from '../views/messages.js';
import { isIn, memberKey } from '../views/view.js';
import { type MemberContext, sender } from './context.js';
import type { Coordinator } from './coordinator.js';
import type { Delivery } from './delivery.js';
import type { Follower } from './follower.js';
import type { Heartbeats } from './heartbeats.js';
import type { Joiner } from './joiner.js';
import { streamKey } from './streams.js';
import type { AtomicSendResult } from './types.js';

const DEFAULT_WINDOW = 64;
/** Messages of a view not installed yet kept for when it is (bounded). */
const MAX_FUTURE = 4096;
/** Copies one fetch is answered with at most. */
const MAX_COPIES_PER_FETCH = 256;

/**
 * Data within a view: this member's sends (numbered per incarnation, held back by the window, a flush or
 * a lost quorum), the data it receives (kept aside when it belongs to a view not installed yet), and
 * repairs (fetching gaps, answering fetches with copies).
 */
export class InView {
  private nextSeq = 0;
  /** Numbers of the own ORDER stream (a sequencer's, apart from its data). */
  private nextOrderSeq = 0;
  private future: VsData[] = [];

  constructor(
    private readonly ctx: MemberContext,
    private readonly parts: {
      follower: Follower;
      coordinator: Coordinator;
      joiner: Joiner;
      delivery: Delivery;
      heartbeats: Heartbeats;
    },
    /** A leave is under way: sends wait for it like for a flush. */
    private readonly leaving: () => boolean,
  ) {}

  /** A new incarnation: its sequence starts again, and data kept for a coming view is dropped. */
  reset(): void {
    this.nextSeq = 0;
    this.nextOrderSeq = 0;
    this.future = [];
  }

  send(payload: Buffer): AtomicSendResult {
    const { ctx } = this;
    const { follower, delivery } = this.parts;
    if (ctx.phase === 'stopped') return { status: 'rejected', reason: 'stopped' };
    if (ctx.phase === 'idle' || ctx.phase === 'left') return { status: 'rejected', reason: 'not-joined' };
    const view = ctx.current;
    const window = ctx.setup.options.window ?? DEFAULT_WINDOW;
    let reason: 'joining' | 'flush' | 'no-quorum' | 'window' | undefined;
    if (ctx.phase === 'joining' || !view) reason = 'joining';
    else if (ctx.blocked) reason = 'no-quorum';
    else if (follower.flushing || this.leaving()) reason = 'flush';
    else if (this.nextSeq - delivery.stableNext(ctx.streams.open(ctx.self, ctx.inc, 0)) >= window)
      reason = 'window';
    if (reason || !view) {
      ctx.counters.blocked++;
      return { status: 'blocked', reason: reason ?? 'joining', ready: ctx.ready() };
    }
    const message = this.multicast(this.nextSeq++, payload, { orders: [], finals: [] });
    ctx.counters.sent++;
    delivery.deliverReady();
    return { status: 'sent', msgId: messageId(ctx.inc, message.seq), seq: message.seq };
  }

  /**
   * An ORDER of the sequencer, or an agreed number of an ISIS sender, in its own ORDER stream (outside the
   * window: they follow the data). Not while a view change is under way: what is left without one is
   * delivered at the end of the view.
   */
  sendControl(control: Pick<VsData, 'orders' | 'finals'>): boolean {
    const { ctx } = this;
    if (ctx.phase !== 'member' || !ctx.current || ctx.blocked) return false;
    if (this.parts.follower.flushing || this.leaving()) return false;
    this.multicast(this.nextOrderSeq++, Buffer.alloc(0), control);
    return true;
  }

  /** Numbers an own message, keeps it in its stream and multicasts it. */
  private multicast(seq: number, payload: Buffer, control: Pick<VsData, 'orders' | 'finals'>): VsData {
    const { ctx } = this;
    const message: VsData = {
      ...ctx.envelope(),
      type: 'data',
      seq,
      retransmit: false,
      history: false,
      payload,
      ...control,
    };
    ctx.streams.add(message);
    ctx.emit(message);
    this.parts.heartbeats.soonIfUniform();
    return message;
  }

  onData(message: VsData): void {
    const { ctx } = this;
    if (message.history) {
      this.parts.joiner.onHistory(message);
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
    this.parts.heartbeats.soonIfUniform();
  }

  /** A view was installed: the data kept aside for it (or a later one) is received now. */
  replayFuture(viewId: number): void {
    const future = this.future;
    this.future = [];
    for (const message of future) if (message.view >= viewId) this.onData(message);
  }

  /** Something arrived: deliveries, a flush phase or an install may now go ahead. */
  private afterReceipt(): void {
    const { delivery, follower, coordinator } = this.parts;
    delivery.deliverReady();
    follower.checkCut();
    follower.tryInstall();
    coordinator.afterReceipt();
  }

  onFetch(message: VsFetch): void {
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

  /** Asks for gaps: from the sender while it is heard, else from a member that reported having more. */
  fetchGaps(): void {
    const { ctx } = this;
    const view = ctx.current;
    if (!view || this.parts.follower.installPending) return;
    const now = ctx.now();
    for (const { sender, inc, owner } of ctx.viewStreams(view)) {
      if (ctx.isSelf(owner)) continue;
      const stream = ctx.streams.get(sender, inc);
      if (!stream) continue;
      let upTo = ctx.streams.heardUpTo(stream);
      let holder = ctx.fd.suspected(memberKey(owner), now) ? undefined : owner.id;
      for (const [reporter, positions] of ctx.digests) {
        const next = positions.get(streamKey(sender, inc)) ?? 0;
        if (next > upTo || (!holder && next > stream.received)) {
          upTo = Math.max(upTo, next);
          holder ??= reporter.slice(0, reporter.lastIndexOf('#'));
        }
      }
      if (holder && upTo > stream.received) ctx.fetch(stream, upTo, holder);
    }
  }
}
