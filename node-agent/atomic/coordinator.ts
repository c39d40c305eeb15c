import type {
  StreamCut,
  VsCutDone,
  VsFlushOk,
  VsInstall,
  VsJoin,
  VsLeave,
  VsPrepare,
} from '../views/messages.js';
import { hasQuorum, precedes } from '../views/partition.js';
import { byId, isIn, type Member, memberKey, refOf, type View } from '../views/view.js';
import type { MemberId } from '../wire/messages.js';
import { type MemberContext, sender } from './context.js';
import type { Follower } from './follower.js';
import { streamKey } from './streams.js';
import { ViewChangeAttempt } from './view-change.js';

/** Retry periods without progress after which a view-change attempt starts over. */
const STALLED_ATTEMPT_PERIODS = 10;

export interface CoordinatorHooks {
  /** Delivers the old view's messages below the cut. */
  deliverCut: (cut: readonly StreamCut[]) => void;
  /** Ends the current view with `install`. */
  applyInstall: (install: VsInstall) => void;
}

/**
 * The acting coordinator's duties: it collects join and leave requests, decides when the view must
 * change (a suspect, a request, a merge, a stray follower), and runs the view-change attempt (PREPARE,
 * the cut, CUT, INSTALL) that ends the view. It follows its own attempt like any survivor.
 */
export class Coordinator {
  private attempt: ViewChangeAttempt | undefined;
  private attempts = 0;
  /** When the running attempt last moved on (phase and answers outstanding). */
  private attemptMark = { mark: '', at: 0 };
  private readonly joinRequests = new Map<MemberId, { member: Member; at: number }>();
  private readonly leaveRequests = new Set<string>();
  /** Merge: the coordinator of the view with precedence that this view dissolves into. */
  private mergeInto: MemberId | undefined;
  /** A member reports it follows an attempt in this view, while this member (acting coordinator) runs none. */
  private strayFollower = false;

  constructor(
    private readonly ctx: MemberContext,
    private readonly follower: Follower,
    private readonly hooks: CoordinatorHooks,
  ) {}

  onJoin(message: VsJoin): void {
    const { ctx } = this;
    const view = ctx.current;
    if (ctx.phase !== 'member' || !view || message.to !== ctx.self) return;
    const member = sender(message);
    if (isIn(view, member)) {
      if (ctx.lastInstall) ctx.sendTo(member.id, ctx.lastInstall); // it missed its install
      return;
    }
    const old = byId(view, member.id);
    if (old) ctx.fd.accuse(memberKey(old)); // restarted: the old incarnation goes in the same change
    this.joinRequests.set(member.id, { member, at: ctx.now() });
  }

  onLeave(message: VsLeave): void {
    if (message.to === this.ctx.self && isIn(this.ctx.current, sender(message)))
      this.requestLeave(sender(message));
  }

  requestLeave(member: Member): void {
    this.leaveRequests.add(memberKey(member));
  }

  /** A member's status says it follows an attempt in this view. */
  heardFollower(): void {
    if (!this.attempt) this.strayFollower = true; // dropped (its proposer lost the quorum, say): a new one frees it
  }

  /** Another partition's view was installed: the one without precedence dissolves into the other. */
  heardOtherView(next: View): void {
    const view = this.ctx.current;
    if (!view) return;
    const theirs = { coordinator: next.coordinator, size: next.members.length };
    const mine = { coordinator: view.coordinator, size: view.members.length };
    const now = this.ctx.now();
    if (precedes(theirs, mine) && this.ctx.actingCoordinator(now) === this.ctx.self)
      this.mergeInto = next.coordinator;
  }

  /** Starts a view change when one is needed, or moves the running one on. */
  tick(now: number, alive: readonly Member[]): void {
    if (this.attempt) this.retryAttempt(now);
    else if (
      !this.ctx.blocked &&
      this.ctx.actingCoordinator(now) === this.ctx.self &&
      this.needsChange(now, alive)
    )
      this.startAttempt(now);
  }

  /** The coordinator of a view with precedence over this one: check whether this member is in it. */
  lookForMerge(now: number): void {
    const { ctx } = this;
    const view = ctx.current;
    if (
      !view ||
      this.attempt ||
      this.follower.following ||
      this.mergeInto ||
      ctx.actingCoordinator(now) !== ctx.self
    )
      return;
    const mine = { coordinator: view.coordinator, size: view.members.length };
    for (const [coordinator, v] of ctx.liveViews) {
      if (v.at + ctx.timing.memberTimeoutMs < now || coordinator === view.coordinator) continue;
      if (view.members.some((m) => m.id === coordinator)) continue;
      if (precedes({ coordinator, size: v.size }, mine)) ctx.askSync(coordinator);
    }
  }

  onFlushOk(message: VsFlushOk): void {
    const attempt = this.attempt;
    if (!attempt || attempt.n !== message.attempt || message.proposer !== this.ctx.self) return;
    attempt.ok(sender(message), message.digest);
    this.progress();
  }

  onCutDone(message: VsCutDone): void {
    if (this.attempt?.n === message.attempt && message.proposer === this.ctx.self) {
      this.attempt.done(sender(message));
      this.progress();
    }
  }

  /** Something arrived: the attempt may now hold everything below its cut. */
  afterReceipt(): void {
    if (this.attempt?.phase === 'fetch') this.progress();
  }

  /** The view ended, or a senior proposer took over: no attempt of this member's runs. */
  abandon(): void {
    this.attempt = undefined;
  }

  /** A view was installed: the merge it asked for is done. */
  installed(): void {
    this.mergeInto = undefined;
  }

  reset(): void {
    this.attempt = undefined;
    this.mergeInto = undefined;
    this.strayFollower = false;
    this.joinRequests.clear();
    this.leaveRequests.clear();
  }

  inspect(): Record<string, unknown> {
    const attempt = this.attempt;
    return {
      attempt: attempt && {
        n: attempt.n,
        phase: attempt.phase,
        waiting: attempt.waiting().map(memberKey),
        cut: attempt.cut,
      },
      joinRequests: [...this.joinRequests.keys()],
    };
  }

  private needsChange(now: number, alive: readonly Member[]): boolean {
    const view = this.ctx.current;
    if (!view) return false;
    if (alive.length < view.members.length || this.mergeInto || this.strayFollower) return true;
    if ([...this.leaveRequests].some((key) => view.members.some((m) => memberKey(m) === key))) return true;
    for (const [id, request] of this.joinRequests) {
      if (request.at + this.ctx.timing.memberTimeoutMs < now || isIn(view, request.member))
        this.joinRequests.delete(id);
    }
    return this.joinRequests.size > 0;
  }

  private startAttempt(now: number): void {
    const { ctx } = this;
    const view = ctx.current;
    if (!view) return;
    const survivors = ctx.alive(now);
    if (!hasQuorum(ctx.setup.partitionMode, view, survivors)) {
      ctx.blocked = true;
      return;
    }
    const attempt = new ViewChangeAttempt(++this.attempts, view, survivors, this.mergeInto);
    this.attempt = attempt;
    this.strayFollower = false;
    ctx.counters.viewChangeAttempts++;
    attempt.ok(ctx.me(), this.follower.report(ctx.self, attempt.n));
    this.sendPhase(attempt);
    this.progress();
  }

  private retryAttempt(now: number): void {
    const { ctx } = this;
    const attempt = this.attempt;
    if (!attempt) return;
    if (attempt.survivors.some((s) => !ctx.isSelf(s) && ctx.fd.suspected(memberKey(s), now))) {
      this.startOver(now); // a survivor failed meanwhile: start over without it
      return;
    }
    const mark = `${attempt.phase} ${attempt.waiting().length}`;
    if (mark !== this.attemptMark.mark) this.attemptMark = { mark, at: now };
    else if (this.attemptMark.at + STALLED_ATTEMPT_PERIODS * ctx.timing.flushRetryMs <= now) {
      this.startOver(now); // no answer moves it on (a member follows someone else): start over
      return;
    }
    this.sendPhase(attempt);
    this.progress();
  }

  private startOver(now: number): void {
    this.attempt = undefined;
    this.follower.drop();
    this.startAttempt(now);
  }

  private sendPhase(attempt: ViewChangeAttempt): void {
    const { ctx } = this;
    const view = attempt.view;
    for (const s of attempt.waiting()) {
      if (ctx.isSelf(s)) continue;
      if (attempt.phase === 'gather') {
        const prepare: VsPrepare = {
          ...ctx.envelope(),
          type: 'prepare',
          attempt: attempt.n,
          coordinator: view.coordinator,
          members: view.members,
          survivors: [...attempt.survivors],
        };
        ctx.sendTo(s.id, prepare);
      } else if (attempt.phase === 'cut') {
        ctx.sendTo(s.id, {
          ...ctx.envelope(),
          type: 'cut',
          attempt: attempt.n,
          proposer: ctx.self,
          cut: attempt.cut,
        });
      }
    }
  }

  private progress(): void {
    const { ctx } = this;
    const attempt = this.attempt;
    if (!attempt) return;
    attempt.gather();
    if (attempt.phase === 'fetch') {
      let complete = true;
      for (const c of attempt.cut) {
        const stream = ctx.streams.open(c.sender, c.inc, 0);
        if (stream.received >= c.next) continue;
        complete = false;
        const holder = attempt.holders.get(streamKey(c.sender, c.inc));
        if (holder) ctx.fetch(stream, c.next, holder);
      }
      if (!complete) return;
      attempt.phase = 'cut';
      this.follower.ownCutReached(attempt.cut);
      attempt.done(ctx.me());
      this.sendPhase(attempt);
    }
    if (attempt.finished) this.finishAttempt(attempt);
  }

  private finishAttempt(attempt: ViewChangeAttempt): void {
    const { ctx } = this;
    const view = ctx.current;
    if (!view) return;
    this.attempt = undefined;
    const now = ctx.now();
    const leavers = attempt.survivors.filter((s) => this.leaveRequests.has(memberKey(s)));
    const stay = attempt.survivors.filter((s) => !this.leaveRequests.has(memberKey(s)));
    const joiners = [...this.joinRequests.values()]
      .filter((j) => j.at + ctx.timing.memberTimeoutMs >= now && !stay.some((s) => s.id === j.member.id))
      .map((j) => j.member);
    const members = attempt.dissolveInto ? [] : [...stay, ...joiners];
    const first = members[0];
    const next: View | undefined = first
      ? { id: Math.max(view.id, ctx.maxViewSeen) + 1, coordinator: first.id, members }
      : undefined;
    // Deliver up to the cut here first, so the history handed to joiners includes it.
    this.hooks.deliverCut(attempt.cut);
    const install: VsInstall = {
      ...ctx.envelope(),
      type: 'install',
      attempt: attempt.n,
      prev: refOf(view),
      cut: attempt.cut,
      next,
      history: ctx.streams.spans(),
      dissolveInto: attempt.dissolveInto,
    };
    for (const target of [...attempt.survivors, ...joiners]) ctx.sendTo(target.id, install);
    for (const j of joiners) this.joinRequests.delete(j.id);
    for (const l of leavers) this.leaveRequests.delete(memberKey(l));
    this.hooks.applyInstall(install);
  }
}
