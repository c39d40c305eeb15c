import type { StreamCut, VsData, VsInstall } from '../views/messages.js';
import type { MemberId } from '../wire/messages.js';
import type { MemberContext } from './context.js';
import { isOrderStream, type Stream, streamOf } from './streams.js';

/** Catch-up fetch rounds without progress before trying another source, and before giving up. */
const CATCH_UP_ROUNDS_PER_SOURCE = 10;
const CATCH_UP_ROUNDS = 60;

export interface CatchUpHooks {
  /** Delivers the stream's next message (marked as caught up when `catchUp`); false if not received. */
  deliverOne: (stream: Stream, catchUp: boolean) => boolean;
  /** Installs the view this member joins. */
  installView: (install: VsInstall, joined: boolean) => void;
}

/**
 * A joiner named in an install gets its streams in place before it installs the view. A fresh joiner
 * starts every stream where the view starts; a member that was in the group before (a restarted or
 * excluded one) fetches the history the installer delivered that it lacks, rotating to other members
 * when no answer comes, delivers it (skipping what its store holds), and only then installs.
 */
export class CatchUp {
  /** Per stream, how far the history to fetch and deliver goes. */
  readonly plan: StreamCut[] = [];
  private readonly sources: MemberId[];
  private rounds = 0;
  private progress = -1;

  constructor(
    private readonly ctx: MemberContext,
    private readonly install: VsInstall,
    catchUp: boolean,
    private readonly hooks: CatchUpHooks,
  ) {
    const { streams } = ctx;
    for (const span of install.history) {
      const known = streams.get(span.sender, span.inc);
      // History is delivered per sender, without ORDERs: a joiner starts ORDER streams where the view does.
      if (!catchUp || isOrderStream(span.sender)) {
        streams.skipTo(streams.open(span.sender, span.inc, span.next), span.next);
        continue;
      }
      const stream = known ?? streams.open(span.sender, span.inc, span.from);
      if (stream.delivered < span.from) streams.skipTo(stream, span.from); // older history is gone
      if (stream.delivered < span.next)
        this.plan.push({ sender: span.sender, inc: span.inc, next: span.next });
    }
    const sources = (install.next?.members ?? []).map((m) => m.id).filter((id) => id !== ctx.self);
    const first = install.origin;
    this.sources = [first, ...sources.filter((id) => id !== first)];
  }

  /** A copy of history this catch-up asked for. */
  wants(message: VsData): boolean {
    return this.plan.some((p) => p.sender === streamOf(message) && p.inc === message.inc);
  }

  /** Fetches what is still missing (when due); once nothing is, delivers it all and installs the view. */
  continue(): void {
    const { ctx } = this;
    let missing = 0;
    let have = 0;
    for (const p of this.plan) {
      const stream = ctx.streams.open(p.sender, p.inc, 0);
      have += stream.received;
      if (stream.received < p.next) missing++;
    }
    if (missing > 0 && this.rounds < CATCH_UP_ROUNDS) {
      const now = ctx.now();
      const due = this.plan.some(
        (p) => (ctx.streams.get(p.sender, p.inc)?.askedAt ?? 0) + ctx.timing.nackRetryMs <= now,
      );
      if (!due) return;
      if (have === this.progress) this.rounds++;
      this.progress = have;
      const source = this.sources[Math.floor(this.rounds / CATCH_UP_ROUNDS_PER_SOURCE) % this.sources.length];
      for (const p of this.plan) {
        const stream = ctx.streams.open(p.sender, p.inc, 0);
        if (source && stream.received < p.next) ctx.fetch(stream, p.next, source, true);
      }
      return;
    }
    for (const p of this.plan) {
      const stream = ctx.streams.open(p.sender, p.inc, 0);
      while (stream.delivered < p.next && this.hooks.deliverOne(stream, true)) {}
      if (stream.delivered < p.next) {
        ctx.counters.lost += p.next - stream.delivered;
        ctx.streams.skipTo(stream, p.next); // no source had it (documented limit)
      }
    }
    this.hooks.installView(this.install, true);
  }
}
