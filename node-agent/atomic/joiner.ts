import type { VsData, VsInstall } from '../views/messages.js';
import { precedes } from '../views/partition.js';
import { isIn, type View } from '../views/view.js';
import type { MemberId } from '../wire/messages.js';
import { CatchUp, type CatchUpHooks } from './catch-up.js';
import type { MemberContext } from './context.js';

interface Joining {
  /** Fetch the history missed (a restarted or excluded member), rather than start where the view starts. */
  catchUp: boolean;
  since: number;
  /** Merge: the coordinator to join (the view this member's old view dissolved into). */
  target: MemberId | undefined;
  installing: CatchUp | undefined;
}

/**
 * A member on its way into a view: it asks the coordinator of the best live view it hears of to add it,
 * or, hearing none, starts a view of its own (the joiner with the smallest id first); once named in an
 * install it catches up (atomic/catch-up.ts) and installs the view.
 */
export class Joiner {
  private joining: Joining | undefined;
  private readonly joinersHeard = new Map<MemberId, number>();

  constructor(
    private readonly ctx: MemberContext,
    private readonly hooks: CatchUpHooks,
  ) {}

  start(catchUp: boolean, target: MemberId | undefined): void {
    this.joining = { catchUp, since: this.ctx.now(), target, installing: undefined };
  }

  /** It is in a view now. */
  done(): void {
    this.joining = undefined;
  }

  heardJoiner(id: MemberId, now: number): void {
    this.joinersHeard.set(id, now);
  }

  /** An install naming this member: catch up, then install its view. */
  onInstall(message: VsInstall): void {
    const joining = this.joining;
    if (!message.next || !isIn(message.next, this.ctx.me()) || !joining || joining.installing) return;
    joining.installing = new CatchUp(this.ctx, message, joining.catchUp, this.hooks);
    joining.installing.continue();
  }

  /** A copy of history, fetched while catching up. */
  onHistory(message: VsData): void {
    const installing = this.joining?.installing;
    if (installing?.wants(message) && this.ctx.streams.add(message)) {
      this.ctx.counters.received++;
      installing.continue();
    }
  }

  tick(now: number): void {
    const { ctx } = this;
    const joining = this.joining;
    if (!joining) return;
    if (joining.installing) {
      joining.installing.continue();
      return;
    }
    const fresh = (at: number) => at + ctx.timing.memberTimeoutMs >= now;
    let target =
      joining.target && fresh(ctx.liveViews.get(joining.target)?.at ?? -Infinity)
        ? joining.target
        : undefined;
    if (!target) {
      let best: { coordinator: MemberId; size: number } | undefined;
      for (const [coordinator, v] of ctx.liveViews) {
        if (!fresh(v.at) || coordinator === ctx.self) continue;
        const candidate = { coordinator, size: v.size };
        if (!best || precedes(candidate, best)) best = candidate;
      }
      target = best?.coordinator;
    }
    if (target) {
      ctx.sendTo(target, { ...ctx.envelope(), type: 'join', to: target, catchUp: joining.catchUp });
      return;
    }
    // Nobody to join: after a while the joiner with the smallest id starts a view (others wait for it).
    // In primary mode a member that was in the group before waits longer: the primary may be out of reach.
    const waited = now - joining.since;
    const cautious = ctx.setup.partitionMode === 'primary' && ctx.wasMember;
    const wait = (cautious ? 10 : 3) * ctx.timing.heartbeatMs;
    const senior = [...this.joinersHeard].some(([id, at]) => fresh(at) && id < ctx.self);
    if (waited >= wait && (!senior || waited >= 4 * wait)) this.startSingleton();
  }

  inspect(): Record<string, unknown> | undefined {
    return (
      this.joining && {
        catchUp: this.joining.catchUp,
        target: this.joining.target,
        installing: this.joining.installing?.plan,
      }
    );
  }

  private startSingleton(): void {
    const { ctx } = this;
    const next: View = { id: ctx.maxViewSeen + 1, coordinator: ctx.self, members: [ctx.me()] };
    const install: VsInstall = {
      ...ctx.envelope(),
      type: 'install',
      attempt: 0,
      prev: undefined,
      cut: [],
      next,
      history: ctx.streams.spans(),
      dissolveInto: undefined,
    };
    this.hooks.installView(install, true);
  }
}
