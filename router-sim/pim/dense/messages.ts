import type {
  Assert,
  EncodedSource,
  Graft,
  GraftAck,
  GroupSet,
  JoinPrune,
  JoinPruneLike,
  StateRefresh,
} from '../../wire/pim/message.js';
import type { AssertMetric } from '../common/assert-metric.js';

/** The dense mode messages one (S,G) needs (RFC 3973 §4.7): every one names a single source and group. */

export interface SourceGroup {
  source: string;
  group: string;
}

/** An (S,G) entry of a group set: S bit, WC bit and RPT bit clear, as dense mode has only (S,G) state. */
function encodedSource(address: string): EncodedSource {
  return { address, maskLength: 32, sparse: false, wildcard: false, rpt: false };
}

function groupSet({ source, group }: SourceGroup, list: 'joins' | 'prunes'): GroupSet {
  return {
    group,
    maskLength: 32,
    joins: list === 'joins' ? [encodedSource(source)] : [],
    prunes: list === 'prunes' ? [encodedSource(source)] : [],
  };
}

export function prune(sg: SourceGroup, upstreamNeighbor: string, holdtimeSeconds: number): JoinPrune {
  return {
    type: 'join-prune',
    upstreamNeighbor,
    holdtime: holdtimeSeconds,
    groups: [groupSet(sg, 'prunes')],
  };
}

export function join(sg: SourceGroup, upstreamNeighbor: string, holdtimeSeconds: number): JoinPrune {
  return { type: 'join-prune', upstreamNeighbor, holdtime: holdtimeSeconds, groups: [groupSet(sg, 'joins')] };
}

/** A Graft lists the source as joined; its Holdtime means nothing (§4.7.6). */
export function graft(sg: SourceGroup, upstreamNeighbor: string): Graft {
  return { type: 'graft', upstreamNeighbor, holdtime: 0, groups: [groupSet(sg, 'joins')] };
}

/** The Graft Ack names the router whose Graft it answers (§4.7.7). */
export function graftAck(sg: SourceGroup, grafter: string): GraftAck {
  return { type: 'graft-ack', upstreamNeighbor: grafter, holdtime: 0, groups: [groupSet(sg, 'joins')] };
}

/** The metric a router advertises for its route to S in Asserts and State Refreshes. */
export type RouteMetric = Pick<AssertMetric, 'metricPreference' | 'metric'>;

export function assertMessage({ source, group }: SourceGroup, metric: RouteMetric): Assert {
  return {
    type: 'assert',
    source,
    group,
    rptBit: false,
    metricPreference: metric.metricPreference,
    metric: metric.metric,
  };
}

/** The (S,G)s a Join/Prune, Graft or Graft Ack lists; entries with the WC or RPT bit are not dense mode's. */
export function sourceGroups(message: JoinPruneLike, list: 'joins' | 'prunes'): SourceGroup[] {
  return message.groups.flatMap((set) =>
    set[list].filter((s) => !s.wildcard && !s.rpt).map((s) => ({ source: s.address, group: set.group })),
  );
}

/** What a State Refresh carries besides the (S,G), the sender's metric and the per-interface bits. */
export interface StateRefreshOrigin {
  originator: string;
  maskLength: number;
  ttl: number;
  intervalSeconds: number;
}

export function stateRefresh(
  { source, group }: SourceGroup,
  origin: StateRefreshOrigin,
  metric: RouteMetric,
  bits: { pruneIndicator: boolean; assertOverride: boolean },
): StateRefresh {
  return {
    type: 'state-refresh',
    source,
    group,
    ...origin,
    rptBit: false,
    metricPreference: metric.metricPreference,
    metric: metric.metric,
    pruneNow: false,
    ...bits,
  };
}
