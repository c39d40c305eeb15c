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
}

export const ROUTER_VIEWS = ['interfaces', 'igmp', 'mroute'] as const;
export type RouterView = (typeof ROUTER_VIEWS)[number];
