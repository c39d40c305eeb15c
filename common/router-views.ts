import type { ForwardingPlaneKind } from './node-config.js';

/** What `router NODE show …` returns (the router-sim side builds these, the CLI prints them). */

export interface InterfaceView {
  name: string;
  vif: number;
  network: string;
  address: string;
  querier: boolean;
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
}

export interface IgmpGroupView {
  group: string;
  filterMode: string;
  sources: { address: string; expiresInMs: number }[];
  expiresInMs: number;
  compatibilityMode: number;
  lastReporter: string;
}

export interface IgmpInterfaceView {
  interface: string;
  network: string;
  address: string;
  version: number;
  querier: boolean;
  querierAddress: string;
  groups: IgmpGroupView[];
}

/** One (S,G) forwarding entry with its kernel counters; interfaces by name. */
export interface MrouteView {
  source: string;
  group: string;
  iif: string;
  oifs: string[];
  packets: number;
  bytes: number;
  wrongIf: number;
  /** The forwarding plane holding the entry. */
  plane: ForwardingPlaneKind;
  /**
   * With PIM: the protocol's view of the entry — upstream state and per-interface downstream state
   * (dense: `prune/assert`; sparse: the (S,G) or inherited (*,G) state), and in sparse mode the SPT bit
   * and the DR's register state.
   */
  pim?: {
    upstream: string;
    downstream: { interface: string; state: string }[];
    sptBit?: boolean;
    register?: string;
  };
}

export interface PimNeighborsView {
  interface: string;
  network: string;
  address: string;
  dr: string;
  /** `expiresInMs` -1: the neighbor never times out. */
  neighbors: { address: string; expiresInMs: number; generationId?: number; drPriority?: number }[];
}

/** An (S,G) entry of PIM dense mode, timers by their RFC names in ms left; interfaces by name. */
export interface PimStateView {
  source: string;
  group: string;
  rpfInterface: string;
  rpfNeighbor: string | null;
  upstream: { state: string; assertState: string; timers: Record<string, number | undefined> };
  downstream: {
    interface: string;
    pruneState: string;
    assertState: string;
    assertWinner?: string;
    timers: Record<string, number | undefined>;
  }[];
  oifs: string[];
}

/**
 * An entry of PIM sparse mode: (*,G), (S,G) or (S,G,rpt), its RPF toward the RP or the source, the
 * olist it computes, what it programmed, and timers by their RFC 7761 names in ms left.
 */
export interface SparseStateView {
  kind: '(*,G)' | '(S,G)' | '(S,G,rpt)';
  source?: string;
  group: string;
  rp: string | null;
  rpfInterface: string | null;
  rpfNeighbor: string | null;
  upstream: string;
  sptBit?: boolean;
  register?: string;
  olist: string[];
  mroute?: { iif: string; oifs: string[] };
  downstream: { interface: string; state: string; timers: Record<string, number | undefined> }[];
  timers: Record<string, number | undefined>;
}

/** `show pim state` in sparse mode: the group-to-RP mappings, then the entries. */
export interface SparseStateListView {
  rps: { address: string; group: string; maskLength: number }[];
  entries: SparseStateView[];
}

export const ROUTER_VIEWS = ['interfaces', 'igmp', 'mroute', 'pim-neighbors', 'pim-state'] as const;
export type RouterView = (typeof ROUTER_VIEWS)[number];
