import type {
  ForwardingChoice,
  IgmpVersion,
  LinkImpairment,
  NodeProgram,
  PimMode,
  SptThreshold,
  TimerProfile,
} from './model.js';

/** A topology resolved into everything the Docker backend creates: subnets, addresses, bridge names, routes. */

export interface PlannedNetwork {
  name: string;
  /** CIDR, e.g. `10.100.1.0/24`. */
  subnet: string;
  /** The host bridge's own address (Docker's gateway): first usable address of the subnet. */
  gateway: string;
  /** Host bridge interface name (at most 15 characters, derived from lab and network name). */
  bridge: string;
  snooping: boolean;
  impair?: LinkImpairment;
}

export interface PlannedInterface {
  network: string;
  address: string;
  prefixLength: number;
}

export interface PlannedRoute {
  /** CIDR or `default`. */
  destination: string;
  via: string;
}

export interface PlannedNode {
  name: string;
  kind: 'router' | 'host';
  /** In creation order: the first is the network the container is created on. */
  interfaces: PlannedInterface[];
  routes: PlannedRoute[];
  igmpVersion: IgmpVersion;
  /** Routers only: whether router-sim runs IGMP and drives kernel multicast forwarding. */
  multicastRouting: boolean;
  /** Routers: the kernel forwarding plane router-sim drives (`auto`: the mroute API where the kernel has it). Hosts: `auto`. */
  forwarding: ForwardingChoice;
  /** Whether the lab's daemon (router-sim, node-agent) runs in the node, answering on its control socket. */
  daemon: boolean;
  /** The user's image, command, binds and environment, as the topology gives them. */
  program: NodeProgram;
}

/** A static rendezvous point at one of its router's addresses, for a range of groups. */
export interface PlannedRp {
  router: string;
  address: string;
  groups: string;
}

export interface LabPlan {
  name: string;
  pim: PimMode;
  /** Planned whatever the mode, so that `inspect` can say where sparse mode would meet. */
  rps: PlannedRp[];
  sptThreshold: SptThreshold;
  profile: TimerProfile;
  networks: PlannedNetwork[];
  nodes: PlannedNode[];
}
