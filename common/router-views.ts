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
  /** With PIM: the protocol's view of the entry (upstream state, per-interface prune and assert state). */
  pim?: { upstream: string; downstream: { interface: string; prune: string; assert: string }[] };
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

export const ROUTER_VIEWS = ['interfaces', 'igmp', 'mroute', 'pim-neighbors', 'pim-state'] as const;
export type RouterView = (typeof ROUTER_VIEWS)[number];
