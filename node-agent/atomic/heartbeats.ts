import type { Timer } from '../../common/clock.js';
import type { MemberState, VsStatus } from '../views/messages.js';
import { byId, isIn, memberKey } from '../views/view.js';
import type { MemberId } from '../wire/messages.js';
import { type MemberContext, sender } from './context.js';
import type { Coordinator } from './coordinator.js';
import type { Delivery } from './delivery.js';
import type { Follower } from './follower.js';
import type { Joiner } from './joiner.js';
import { atomicState } from './snapshot.js';
import { streamKey, streamOwner } from './streams.js';

/**
 * Statuses: the heartbeats every member sends each tick (and soon after new data when uniform). A status
 * keeps its sender from being suspected, tells of live views (join targets, merge partners, a primary
 * partition elsewhere) and carries the sender's receive digest, from which gaps are fetched and
 * stability (uniform delivery) is judged.
 */
export class Heartbeats {
  private statusSoon: Timer | undefined;

  constructor(
    private readonly ctx: MemberContext,
    private readonly follower: Follower,
    private readonly coordinator: Coordinator,
    private readonly joiner: Joiner,
    private readonly delivery: Delivery,
  ) {}

  sendNow(): void {
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
  soonIfUniform(): void {
    const { ctx } = this;
    if (ctx.setup.uniform)
      this.statusSoon ??= ctx.setup.clock.setTimer(ctx.timing.ackDelayMs, () => this.sendNow());
  }

  cancel(): void {
    this.statusSoon?.cancel();
  }

  private statusState(): MemberState {
    const state = atomicState(this.ctx, this.follower);
    return state === 'idle' || state === 'left' || state === 'stopped' ? 'joining' : state;
  }

  onStatus(message: VsStatus, from: MemberId): void {
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
        const origin = { id: streamOwner(c.sender), inc: c.inc };
        if (!stream || c.next <= stream.received || !isIn(view, origin)) continue;
        const holder = ctx.isSelf(origin) || ctx.fd.suspected(memberKey(origin), now) ? from : origin.id;
        if (!this.follower.flushing) ctx.fetch(stream, c.next, holder);
      }
      this.delivery.deliverReady();
      ctx.wake();
    } else if (message.view > view.id) {
      ctx.askSync(message.origin); // it installed a view this member missed, or one without it
    }
  }

  /** A status from another view still alive: while blocked, the primary partition may be there. */
  heardOtherLiveView(now: number): boolean {
    const view = this.ctx.current;
    for (const [coordinator, v] of this.ctx.liveViews) {
      const mine = view && v.id === view.id && coordinator === view.coordinator;
      if (!mine && v.at + this.ctx.timing.memberTimeoutMs >= now) return true;
    }
    return false;
  }
}
