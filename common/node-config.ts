import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTAINER_RUN_DIR, NODE_CONFIG_NAME } from './control/protocol.js';

/** The kernel forwarding planes router-sim can drive (router-sim/fib/). */
export const FORWARDING_PLANES = ['kernel-mroute', 'nftables'] as const;
export type ForwardingPlaneKind = (typeof FORWARDING_PLANES)[number];
export type ForwardingChoice = 'auto' | ForwardingPlaneKind;

/** The protocols' timer values: the RFCs' defaults, or faster ones a lab sees change in seconds. */
export type TimerProfile = 'rfc' | 'fast';

/** What a node's daemon learns about itself: written by deploy into the node's run directory. */
export interface NodeConfig {
  lab: string;
  node: string;
  kind: 'router' | 'host';
  interfaces: { network: string; address: string; prefixLength: number }[];
  igmpVersion: 2 | 3;
  /** Routers: run IGMP and drive kernel multicast forwarding (false: leave it to the user). */
  multicastRouting: boolean;
  /** Which kernel forwarding plane router-sim drives: `auto` takes the mroute API where the kernel has it. */
  forwarding: ForwardingChoice;
  pim: 'none' | 'dense' | 'sparse';
  /** Sparse mode's static RPs: the RP's address and the group range (CIDR) it serves. */
  rps: { address: string; groups: string }[];
  /** When the last-hop router switches to the shortest-path tree. */
  sptThreshold: 'immediate' | 'never' | number;
  profile: TimerProfile;
  /** Every host of the lab: group communication reaches members by name (unicast fan-out, relays, repairs). */
  hosts: { node: string; address: string; network: string }[];
  /** The node's own program (topology `command`), which the daemon starts next to itself. */
  command?: string[];
}

export async function loadNodeConfig(runDir = CONTAINER_RUN_DIR): Promise<NodeConfig> {
  return JSON.parse(await readFile(join(runDir, NODE_CONFIG_NAME), 'utf8')) as NodeConfig;
}
