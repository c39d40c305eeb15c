/** The topology as the user wrote it, after schema validation and shorthand expansion. */

export type PimMode = 'none' | 'dense' | 'sparse';
export type TimerProfile = 'rfc' | 'fast';
export type IgmpVersion = 2 | 3;

export interface LabDefaults {
  igmpVersion: IgmpVersion;
  pim: PimMode;
  /** Rendezvous point for sparse mode: a router name. */
  rp?: string;
  profile: TimerProfile;
  snooping: boolean;
  /** Pool that networks without an explicit subnet take their /24 from. */
  subnetPool: string;
}

export interface NetworkSpec {
  name: string;
  subnet?: string;
  snooping?: boolean;
}

export interface InterfaceSpec {
  network: string;
  address?: string;
}

export interface RouterSpec {
  name: string;
  interfaces: InterfaceSpec[];
  /** Who drives the kernel's multicast routing: router-sim (default) or nobody (`none`). */
  multicast?: 'router-sim' | 'none';
}

export interface HostSpec {
  name: string;
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

/** A problem in a topology file, located as editors expect it (1-based line and column). */
export interface TopologyError {
  file: string;
  line: number;
  col: number;
  /** Dotted key path, e.g. `routers.r1.interfaces[0].network`. */
  path: string;
  message: string;
}
