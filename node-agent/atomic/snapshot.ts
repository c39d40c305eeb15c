import { memberKey } from '../views/view.js';
import type { MemberContext } from './context.js';
import type { Coordinator } from './coordinator.js';
import type { Follower } from './follower.js';
import type { Joiner } from './joiner.js';
import type { AtomicState, AtomicStats, ViewInfo } from './types.js';

// What an atomic group member shows of itself: its state, view, stats and a diagnostic snapshot. Read-only
// views over the parts, kept apart from the protocol that changes them.

export function atomicState(ctx: MemberContext, follower: Follower): AtomicState {
  const { phase } = ctx;
  if (phase !== 'member') return phase;
  if (ctx.blocked) return 'blocked';
  return follower.flushing ? 'flushing' : 'member';
}

export function viewInfo(ctx: MemberContext): ViewInfo {
  const view = ctx.current;
  return {
    id: view?.id ?? 0,
    coordinator: view?.coordinator ?? '',
    members: view?.members.map((m) => m.id) ?? [],
    incarnations: view?.members.map((m) => m.inc) ?? [],
  };
}

/** `ordered`: messages the orderer holds back, waiting for their ORDER. */
export function atomicStats(ctx: MemberContext, state: AtomicState, ordered: number): AtomicStats {
  return {
    ...ctx.counters,
    group: ctx.setup.options.group,
    state,
    joined: ctx.phase === 'member',
    view: ctx.current?.id ?? 0,
    members: ctx.current?.members.length ?? 0,
    holding: ctx.streams.holding + ordered,
  };
}

export interface Parts {
  follower: Follower;
  coordinator: Coordinator;
  joiner: Joiner;
}

export function inspectMember(ctx: MemberContext, parts: Parts): Record<string, unknown> {
  const now = ctx.now();
  const { attempt, joinRequests } = parts.coordinator.inspect();
  return {
    state: atomicState(ctx, parts.follower),
    inc: ctx.inc,
    view: ctx.current && {
      id: ctx.current.id,
      coordinator: ctx.current.coordinator,
      members: ctx.current.members.map(memberKey),
    },
    suspected: ctx.current?.members
      .filter((m) => !ctx.isSelf(m) && ctx.fd.suspected(memberKey(m), now))
      .map(memberKey),
    attempt,
    ...parts.follower.inspect(),
    joining: parts.joiner.inspect(),
    joinRequests,
    streams: ctx.streams.spans(),
  };
}
