import type { DownstreamTimers } from './downstream.js';
import type { TreeKind } from './messages.js';
import type { RegisterState } from './register.js';
import type { RpMapping } from './rp.js';
import type { RptUpstreamState } from './rpt-upstream.js';
import type { UpstreamState } from './upstream.js';

/** Every running timer of an entry, by its RFC 7761 name, in milliseconds left. */
export interface EntryTimers {
  'Join Timer'?: number;
  'Override Timer'?: number;
  'Keepalive Timer'?: number;
  'Register-Stop Timer'?: number;
}

/** A downstream interface whose state is not NoInfo. */
export interface DownstreamSnapshot {
  vif: number;
  state: string;
  timers: DownstreamTimers;
}

/**
 * One entry of `show pim state`. `rpfVif`/`rpfNeighbor` are RPF_interface and RPF' towards the RP for
 * (*,G) and (S,G,rpt), towards S for (S,G); `rpfVif` is the register VIF at the RP itself, and
 * `rpfNeighbor` null where RPF' is NULL (at the RP, for a directly connected S).
 */
export interface SparseEntrySnapshot {
  kind: TreeKind;
  /** Absent for (*,G). */
  source?: string;
  group: string;
  rp: string | null;
  rpfVif: number | null;
  rpfNeighbor: string | null;
  upstream: UpstreamState | RptUpstreamState;
  /** (S,G) only. */
  sptBit?: boolean;
  /** (S,G) only, where S is directly connected (the DR registers). */
  register?: RegisterState;
  /** immediate_olist(*,G), inherited_olist(S,G) or inherited_olist(S,G,rpt) (§4.1.6). */
  olist: number[];
  /** (S,G) only, while the forwarding plane has the entry: what the router programmed. */
  mroute?: { iif: number; oifs: number[] };
  downstream: DownstreamSnapshot[];
  timers: EntryTimers;
}

export interface SparseStateSnapshot {
  rps: RpMapping[];
  entries: SparseEntrySnapshot[];
}

/** The non-NoInfo machines of a per-interface map, by VIF. */
export function downstreamSnapshots(
  machines: ReadonlyMap<number, { state: string; timers(): DownstreamTimers }>,
): DownstreamSnapshot[] {
  return [...machines]
    .filter(([, machine]) => machine.state !== 'NoInfo')
    .sort(([a], [b]) => a - b)
    .map(([vif, machine]) => ({ vif, state: machine.state, timers: machine.timers() }));
}
