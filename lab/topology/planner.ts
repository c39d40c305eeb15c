import { createHash } from 'node:crypto';
import {
  allocateAddresses,
  allocateSubnets,
  type Cidr,
  formatCidr,
  formatIpv4,
  gatewayAddress,
  type Member,
  normalizeCidr,
  parseCidr,
  parseIpv4,
} from './addressing.js';
import type { NodeProgram, Topology } from './model.js';
import type { LabPlan, PlannedInterface, PlannedNetwork, PlannedNode, PlannedRoute } from './plan.js';
import { planRendezvousPoints } from './rendezvous.js';
import { planRoutes } from './routes.js';
import { LAB_NAME } from './schema.js';

export interface PlanOptions {
  /** Lab name instead of the topology's own, so several copies of one topology can run side by side. */
  name?: string;
  /** Subnets other Docker networks already use; entries that are not IPv4 CIDRs are ignored. */
  takenSubnets?: string[];
  /**
   * Whether to list every node's static routes (default true). The simulator leaves them out: it
   * follows the same rule per destination when asked, where a large lab has too many routes to list.
   */
  routes?: boolean;
}

export type PlanResult = { ok: true; plan: LabPlan } | { ok: false; errors: string[] };

/** Resolves a validated topology into subnets, addresses, bridge names and routes. */
export function planLab(topology: Topology, options: PlanOptions): PlanResult {
  const name = options.name ?? topology.name;
  if (!LAB_NAME.test(name)) return fail(`lab name "${name}" must match ${LAB_NAME.source}`);
  const addressing = resolveAddressing(topology, options.takenSubnets ?? []);
  if (!(addressing instanceof Map)) return fail(...addressing);

  const iface = (node: string, network: string): PlannedInterface[] => {
    const { cidr, addresses } = addressing.get(network) ?? {};
    const address = addresses?.get(node);
    return cidr && address !== undefined
      ? [{ network, address: formatIpv4(address), prefixLength: cidr.prefix }]
      : [];
  };
  const networks: PlannedNetwork[] = topology.networks.flatMap((network) => {
    const cidr = addressing.get(network.name)?.cidr;
    if (!cidr) return [];
    return {
      name: network.name,
      subnet: formatCidr(cidr),
      gateway: formatIpv4(gatewayAddress(cidr)),
      bridge: bridgeName(name, network.name),
      snooping: network.snooping ?? topology.defaults.snooping,
      ...(network.impair === undefined ? {} : { impair: network.impair }),
    };
  });
  const nodes: PlannedNode[] = [
    ...topology.routers.map((router) => ({
      name: router.name,
      kind: 'router' as const,
      interfaces: router.interfaces.flatMap((i) => iface(router.name, i.network)),
      routes: [],
      // The version a router queries with.
      igmpVersion: topology.defaults.igmpVersion,
      multicastRouting: router.multicast !== 'none' && router.daemon !== 'none',
      forwarding: router.forwarding ?? topology.defaults.forwarding ?? 'auto',
      daemon: router.daemon !== 'none',
      program: programOf(router),
    })),
    ...topology.hosts.map((host) => ({
      name: host.name,
      kind: 'host' as const,
      interfaces: iface(host.name, host.network),
      routes: [],
      igmpVersion: host.igmpVersion ?? topology.defaults.igmpVersion,
      multicastRouting: false,
      // Hosts forward nothing; the field is there because every node's config carries it.
      forwarding: 'auto' as const,
      daemon: host.agent !== false,
      program: programOf(host),
    })),
  ];
  const routes = options.routes === false ? new Map<string, PlannedRoute[]>() : planRoutes(networks, nodes);
  const { pim, sptThreshold, profile } = topology.defaults;
  return {
    ok: true,
    plan: {
      name,
      pim,
      rps: planRendezvousPoints(topology, networks, nodes),
      sptThreshold,
      profile,
      networks,
      nodes: nodes.map((node) => ({ ...node, routes: routes.get(node.name) ?? [] })),
    },
  };
}

const fail = (...errors: string[]): PlanResult => ({ ok: false, errors });

type Addressing = Map<string, { cidr: Cidr; addresses: Map<string, number> }>;

/** Every network's subnet and the address of each node on it, or why they cannot be given. */
function resolveAddressing(topology: Topology, takenSubnets: readonly string[]): Addressing | string[] {
  const pool = parseCidr(topology.defaults.subnetPool);
  if (pool === undefined) return [`subnet pool ${topology.defaults.subnetPool} is not a CIDR`];
  const taken = takenSubnets.flatMap((text) => {
    const cidr = parseCidr(text);
    return cidr === undefined ? [] : [normalizeCidr(cidr)];
  });
  const { subnets, errors } = allocateSubnets(topology.networks, pool, taken);
  if (errors.length > 0) return errors;

  const attached = [...topology.routers.flatMap((router) => router.interfaces), ...topology.hosts];
  const unknown = attached.find((a) => !subnets.has(a.network));
  if (unknown) return [`unknown network "${unknown.network}": validate the topology first`];
  const byNetwork = members(topology);
  const addressing: Addressing = new Map();
  for (const [network, cidr] of subnets) {
    const addresses = allocateAddresses(cidr, byNetwork.get(network) ?? []);
    if (!addresses) return [`network ${network} has no address left for its nodes`];
    addressing.set(network, { cidr, addresses });
  }
  return addressing;
}

/** Who takes an address on each network: routers in declaration order, then hosts. */
function members(topology: Topology): Map<string, Member[]> {
  const byNetwork = new Map<string, Member[]>();
  const add = (network: string, node: string, address: string | undefined) => {
    const fixed = address === undefined ? undefined : parseIpv4(address);
    const list = byNetwork.get(network) ?? [];
    list.push(fixed === undefined ? { node } : { node, fixed });
    byNetwork.set(network, list);
  };
  for (const router of topology.routers)
    for (const i of router.interfaces) add(i.network, router.name, i.address);
  for (const host of topology.hosts) add(host.network, host.name, host.address);
  return byNetwork;
}

/** Linux caps interface names at 15 characters: hash lab and network into a stable 14-character name. */
export function bridgeName(lab: string, network: string): string {
  return `mcl-${createHash('sha256').update(`${lab}/${network}`).digest('hex').slice(0, 10)}`;
}

/** The node's own program: only the keys the topology gave. */
function programOf({ image, command, binds, env }: NodeProgram): NodeProgram {
  return {
    ...(image === undefined ? {} : { image }),
    ...(command === undefined ? {} : { command }),
    ...(binds === undefined ? {} : { binds }),
    ...(env === undefined ? {} : { env }),
  };
}
