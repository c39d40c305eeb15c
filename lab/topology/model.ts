import type { ForwardingChoice, TimerProfile } from '../../common/node-config.js';
import type { LocatedError } from '../yaml/locate.js';

/** The topology as the user wrote it, after schema validation and shorthand expansion. */

export type PimMode = 'none' | 'dense' | 'sparse';
export type IgmpVersion = 2 | 3;
export type { ForwardingChoice, TimerProfile };

/** When a last-hop router switches to the shortest-path tree: at once, never, or after N packets. */
export type SptThreshold = 'immediate' | 'never' | number;

/** A static rendezvous point (sparse mode) and the group range it serves. */
export interface RpSpec {
  router: string;
  /** A CIDR within 224.0.0.0/4. */
  groups: string;
}

export interface LabDefaults {
  igmpVersion: IgmpVersion;
  pim: PimMode;
  /**
   * The kernel forwarding plane routers drive: `auto` (the parser's default; also when left out of a
   * topology built in code) takes the mroute API where the kernel has it, else nftables.
   */
  forwarding?: ForwardingChoice;
  /** Static RPs for sparse mode; without them the router at the centre of the topology serves all groups. */
  rp?: RpSpec[];
  sptThreshold: SptThreshold;
  profile: TimerProfile;
  snooping: boolean;
  /** Pool that networks without an explicit subnet take their /24 from. */
  subnetPool: string;
}

export interface NetworkSpec {
  name: string;
  subnet?: string;
  snooping?: boolean;
  /** How the network degrades frames from the moment the lab runs (`mcast-lab impair` changes it live). */
  impair?: LinkImpairment;
}

/** A network's standing impairment: what its bridge does to every frame it forwards. */
export interface LinkImpairment {
  /** Percent of frames dropped, 0 to 100. */
  loss?: number;
  /** A policer: `<n>kbit`, `<n>mbit` or `<n>pps`. */
  rate?: string;
}

/** How a rate limit is written, in topologies and on the command line. */
export const RATE = /^(\d+)(kbit|mbit|pps)$/;

export interface InterfaceSpec {
  network: string;
  address?: string;
}

/** A directory or file of the user's machine in a node: read-only unless `writable`. */
export interface BindSpec {
  /** Absolute once loaded from a file (relative paths are the file's directory's). */
  source: string;
  target: string;
  writable: boolean;
}

/** What a node runs besides (or instead of) the lab's daemon: the user's own image and program. */
export interface NodeProgram {
  /** Any local image instead of the lab's own. */
  image?: string;
  /** The user's program, as words: the daemon starts it, or it is the container's command without one. */
  command?: string[];
  binds?: BindSpec[];
  env?: Record<string, string>;
}

export interface RouterSpec extends NodeProgram {
  name: string;
  interfaces: InterfaceSpec[];
  /** `none`: no router-sim at all; the node is the user's router (its `command` or image). */
  daemon?: 'router-sim' | 'none';
  /** Who drives the kernel's multicast routing: router-sim (default) or nobody (`none`). */
  multicast?: 'router-sim' | 'none';
  /** This router's forwarding plane, instead of the lab's default. */
  forwarding?: ForwardingChoice;
}

export interface HostSpec extends NodeProgram {
  name: string;
  /** false: no node-agent; the node runs only the user's program. */
  agent?: boolean;
  network: string;
  address?: string;
  igmpVersion?: IgmpVersion;
}

export interface Topology {
  name: string;
  defaults: LabDefaults;
  networks: NetworkSpec[];
  routers: RouterSpec[];
  hosts: HostSpec[];
}

/** A problem in a topology file, located as editors expect it. */
export type TopologyError = LocatedError;
