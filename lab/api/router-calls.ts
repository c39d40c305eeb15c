import type {
  IgmpInterfaceView,
  InterfaceView,
  MrouteView,
  PimNeighborsView,
  PimStateView,
  RouterView,
  SparseStateListView,
} from '../../common/router-views.js';

/** What each `show` view returns. */
export interface RouterViews {
  interfaces: InterfaceView[];
  igmp: IgmpInterfaceView[];
  mroute: MrouteView[];
  'pim-neighbors': PimNeighborsView[];
  /** Dense mode: the (S,G) entries; sparse mode: RP mappings and entries. */
  'pim-state': PimStateView[] | SparseStateListView;
}

export interface RouterStatus {
  node: string;
  lab: string;
  kind: 'router';
  pim: 'none' | 'dense' | 'sparse';
  multicastRouting: boolean;
  forwardingPlane: string | null;
  ipForwarding: boolean;
  uptimeMs: number;
  [key: string]: unknown;
}

/** router-sim's control verbs as typed calls. */
export interface RouterCalls {
  ping(): Promise<'pong'>;
  status(): Promise<RouterStatus>;
  /** The router's state as `mcast-lab router NODE VIEW` shows it. */
  show<V extends RouterView>(view: V): Promise<RouterViews[V]>;
  call<T = unknown>(verb: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

type Call = <T>(verb: string, args?: Record<string, unknown>, timeoutMs?: number) => Promise<T>;

export function routerCalls(call: Call): RouterCalls {
  return {
    ping: () => call('ping'),
    status: () => call('status'),
    show: (view) => call('show', { view }),
    call,
  };
}
