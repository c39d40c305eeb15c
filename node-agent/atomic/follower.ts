import type { StreamCut, VsCut, VsFlushOk, VsInstall, VsPrepare } from '../views/messages.js';
import { byId, type Member, memberKey, rankOf } from '../views/view.js';
import type { MemberId } from '../wire/messages.js';
import { type MemberContext, sender } from './context.js';
import { type Stream, streamKey } from './streams.js';

/** The attempt this member follows: it stopped sending and reported `limit`, so it delivers no further. */
interface Follow {
  proposer: MemberId;
  attempt: number;
  limit: Map<string, number>;
  cut: StreamCut[] | undefined;
  done: boolean;
}

export interface FollowerHooks {
  /** A more senior proposer's attempt is followed: this member's own attempt, if any, is dropped. */
  seniorTakesOver: () => void;
  /** Ends the current view with `install` (everything below its cut is here). */
  applyInstall: (install: VsInstall) => void;
}

/**
 * A survivor's part in a view change (every member, the proposer too): it accepts a PREPARE, stops
 * sending and fixes what it reports (FLUSH-OK) and so may deliver, fetches up to the CUT and answers
 * CUT-DONE, and completes an INSTALL once everything below its cut is here.
 */
export class Follower {
  private follow: Follow | undefined;
  /** After CUT-DONE in this view: never report or deliver beyond this cut (a later attempt may end in it). */
  private flushedCut: Map<string, number> | undefined;
  private pendingInstall: VsInstall | undefined;

  constructor(
    private readonly ctx: MemberContext,
    private readonly hooks: FollowerHooks,
  ) {}

  get following(): boolean {
    return this.follow !== undefined;
  }

  get installPending(): boolean {
    return this.pendingInstall !== undefined;
  }

  /** A view change is under way: sends wait. */
  get flushing(): boolean {
    return this.following || this.installPending;
  }

  onPrepare(message: VsPrepare): void {
    const { ctx } = this;
    const view = ctx.current;
    if (ctx.phase !== 'member' || !view) return;
    const proposer = sender(message);
    if (message.view < view.id) {
      if (byId(view, proposer.id) && ctx.lastInstall) ctx.sendTo(proposer.id, ctx.lastInstall); // it is behind
      return;
    }
    if (message.view !== view.id || message.coordinator !== view.coordinator) {
      ctx.askSync(proposer.id);
      return;
    }
    if (this.pendingInstall) {
      ctx.sendTo(proposer.id, this.pendingInstall); // this view is over already: hand on how it ended
      return;
    }
    const rank = rankOf(view, proposer);
    const survives = (m: Member) => message.survivors.some((s) => s.id === m.id && s.inc === m.inc);
    if (rank < 0 || !survives(ctx.me())) return;
    // Its turn only once every more senior member is gone: in its proposal and by this member's own
    // failure detector (a stale proposal from a partition must not pull this member away from a live one).
    const now = ctx.now();
    const seniors = view.members.slice(0, rank);
    if (seniors.some((m) => survives(m) || ctx.isSelf(m) || !ctx.fd.suspected(memberKey(m), now))) return;
    const current = this.follow;
    if (current?.proposer === proposer.id && message.attempt < current.attempt) return;
    if (proposer.id !== ctx.self) this.hooks.seniorTakesOver();
    for (const m of view.members) if (!survives(m)) ctx.fd.accuse(memberKey(m));
    const ok: VsFlushOk = {
      ...ctx.envelope(),
      type: 'flush-ok',
      attempt: message.attempt,
      proposer: proposer.id,
      digest: this.report(proposer.id, message.attempt),
    };
    ctx.sendTo(proposer.id, ok);
  }

  /** Stops sending and fixes what this member reports (and so may deliver) for the attempt; the report. */
  report(proposer: MemberId, attempt: number): StreamCut[] {
    let follow = this.follow;
    if (!follow || follow.proposer !== proposer || follow.attempt !== attempt) {
      const limit = new Map(this.digest(false).map((c) => [streamKey(c.sender, c.inc), c.next]));
      follow = { proposer, attempt, limit, cut: undefined, done: false };
      this.follow = follow;
      this.ctx.counters.flushes++;
    }
    return limitDigest(follow.limit);
  }

  /** The proposer holds everything below its own attempt's cut. */
  ownCutReached(cut: StreamCut[]): void {
    const follow = this.follow;
    if (!follow) return;
    follow.cut = cut;
    follow.done = true;
    this.flushedCut = cutMap(cut);
  }

  /** The proposer starts over: it follows its next attempt afresh. */
  drop(): void {
    this.follow = undefined;
  }

  onCut(message: VsCut): void {
    const follow = this.follow;
    if (!follow || follow.proposer !== message.proposer || follow.attempt !== message.attempt) return;
    follow.cut = message.cut;
    follow.done = false; // a repeated CUT: answer again
    this.checkCut();
  }

  checkCut(): void {
    const { ctx } = this;
    const follow = this.follow;
    if (!follow?.cut || follow.done || follow.proposer === ctx.self) return;
    let complete = true;
    for (const c of follow.cut) {
      const stream = ctx.streams.open(c.sender, c.inc, 0);
      if (stream.received >= c.next) continue;
      complete = false;
      ctx.fetch(stream, c.next, follow.proposer);
    }
    if (!complete) return;
    follow.done = true;
    this.flushedCut = cutMap(follow.cut);
    ctx.sendTo(follow.proposer, {
      ...ctx.envelope(),
      type: 'cut-done',
      attempt: follow.attempt,
      proposer: follow.proposer,
    });
  }

  retry(): void {
    const follow = this.follow;
    if (follow?.cut && !follow.done) this.checkCut();
  }

  /** The install that ends the current view: applied once everything below its cut is here. */
  offer(install: VsInstall): void {
    this.pendingInstall = install;
    this.tryInstall();
  }

  /** Completes an install once everything below its cut is here (fetched from the installer). */
  tryInstall(): void {
    const install = this.pendingInstall;
    if (!install) return;
    let complete = true;
    for (const c of install.cut) {
      const stream = this.ctx.streams.open(c.sender, c.inc, 0);
      if (stream.received >= c.next) continue;
      complete = false;
      this.ctx.fetch(stream, c.next, install.origin);
    }
    if (!complete) return;
    this.pendingInstall = undefined;
    this.hooks.applyInstall(install);
  }

  /** The view ended: the next one starts with no attempt followed. */
  endView(): void {
    this.follow = undefined;
    this.flushedCut = undefined;
  }

  reset(): void {
    this.endView();
    this.pendingInstall = undefined;
  }

  /** How far the stream may be delivered while following an attempt: no further than reported. */
  cap(stream: Stream, upTo: number): number {
    if (!this.follow) return upTo;
    return Math.min(upTo, this.follow.limit.get(streamKey(stream.sender, stream.inc)) ?? stream.delivered);
  }

  /**
   * What this member says it received, per stream of the view. While it follows an attempt it says no
   * more than it reported to it (and after CUT-DONE no more than the cut): others count statuses toward
   * stability, and what it received past its report may lie beyond the cut it ends up with.
   */
  digest(capByReport = true): StreamCut[] {
    const digest: StreamCut[] = [];
    for (const s of this.ctx.viewStreams()) {
      const stream = this.ctx.streams.get(s.sender, s.inc);
      if (!stream) continue;
      const key = streamKey(s.sender, s.inc);
      const next = Math.min(stream.received, this.flushedCut?.get(key) ?? Number.POSITIVE_INFINITY);
      digest.push({ sender: s.sender, inc: s.inc, next: capByReport ? this.cap(stream, next) : next });
    }
    return digest;
  }

  inspect(): Record<string, unknown> {
    return {
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
    };
  }
}

function limitDigest(limit: Map<string, number>): StreamCut[] {
  return [...limit].map(([key, next]) => {
    const at = key.lastIndexOf('#');
    return { sender: key.slice(0, at), inc: Number.parseInt(key.slice(at + 1), 16), next };
  });
}

const cutMap = (cut: readonly StreamCut[]) => new Map(cut.map((c) => [streamKey(c.sender, c.inc), c.next]));
