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
import type { Topology } from './model.js';
import type { LabPlan, PlannedInterface, PlannedNetwork, PlannedNode } from './plan.js';
import { planRoutes } from './routes.js';
import { LAB_NAME } from './schema.js';

export interface PlanOptions {
  /** Lab name instead of the topology's own, so several copies of one topology can run side by side. */
  name?: string;
  /** Subnets other Docker networks already use; entries that are not IPv4 CIDRs are ignored. */
  takenSubnets?: string[];
}

export type PlanResult = { ok: true; plan: LabPlan } | { ok: false; errors: string[] };

/** Resolves a validated topology into subnets, addresses, bridge names and routes. */
export function planLab(topology: Topology, options: PlanOptions): PlanResult {
  const name = options.name ?? topology.name;
  if (!LAB_NAME.test(name)) {
    return { ok: false, errors: [`lab name "${name}" must match ${LAB_NAME.source}`] };
  }
  const pool = parseCidr(topology.defaults.subnetPool);
  if (pool === undefined)
    return { ok: false, errors: [`subnet pool ${topology.defaults.subnetPool} is not a CIDR`] };
  const taken = (options.takenSubnets ?? []).flatMap((text) => {
    const cidr = parseCidr(text);
    return cidr === undefined ? [] : [normalizeCidr(cidr)];
  });
  const { subnets, errors } = allocateSubnets(topology.networks, pool, taken);
  if (errors.length > 0) return { ok: false, errors };

  const resolved = new Map<string, { cidr: Cidr; addresses: Map<string, number> }>();
  for (const network of topology.networks) {
    const cidr = subnets.get(network.name);
    const addresses = cidr && allocateAddresses(cidr, members(topology, network.name));
    if (!cidr || !addresses)
      return { ok: false, errors: [`network ${network.name} has no address left for its nodes`] };
    resolved.set(network.name, { cidr, addresses });
  }
  const unknown = [...topology.routers.flatMap((r) => r.interfaces), ...topology.hosts].find(
    (a) => !resolved.has(a.network),
  );
  if (unknown)
    return { ok: false, errors: [`unknown network "${unknown.network}": validate the topology first`] };
  const iface = (node: string, network: string): PlannedInterface[] => {
    const { cidr, addresses } = resolved.get(network) ?? {};
    const address = addresses?.get(node);
    return cidr && address !== undefined
      ? [{ network, address: formatIpv4(address), prefixLength: cidr.prefix }]
      : [];
  };

  const networks: PlannedNetwork[] = [...resolved].map(([network, { cidr }]) => ({
    name: network,
    subnet: formatCidr(cidr),
    gateway: formatIpv4(gatewayAddress(cidr)),
    bridge: bridgeName(name, network),
    snooping: topology.networks.find((n) => n.name === network)?.snooping ?? topology.defaults.snooping,
  }));
  const nodes: PlannedNode[] = [
    ...topology.routers.map((router) => ({
      name: router.name,
      kind: 'router' as const,
      interfaces: router.interfaces.flatMap((i) => iface(router.name, i.network)),
      routes: [],
      // The version a router queries with.
      igmpVersion: topology.defaults.igmpVersion,
    })),
    ...topology.hosts.map((host) => ({
      name: host.name,
      kind: 'host' as const,
      interfaces: iface(host.name, host.network),
      routes: [],
      igmpVersion: host.igmpVersion ?? topology.defaults.igmpVersion,
    })),
  ];
  const routes = planRoutes(networks, nodes);
  const { pim, rp, profile } = topology.defaults;
  return {
    ok: true,
    plan: {
      name,
      pim,
      ...(rp === undefined ? {} : { rp }),
      profile,
      defaults: topology.defaults,
      networks,
      nodes: nodes.map((node) => ({ ...node, routes: routes.get(node.name) ?? [] })),
    },
  };
}

/** Who takes an address on `network`: routers in declaration order, then hosts. */
function members(topology: Topology, network: string): Member[] {
  const member = (node: string, address: string | undefined): Member => {
    const fixed = address === undefined ? undefined : parseIpv4(address);
    return fixed === undefined ? { node } : { node, fixed };
  };
  return [
    ...topology.routers.flatMap((router) =>
      router.interfaces.filter((i) => i.network === network).map((i) => member(router.name, i.address)),
    ),
    ...topology.hosts
      .filter((host) => host.network === network)
      .map((host) => member(host.name, host.address)),
  ];
}

/** Linux caps interface names at 15 characters: hash lab and network into a stable 14-character name. */
export function bridgeName(lab: string, network: string): string {
  return `mcl-${createHash('sha256').update(`${lab}/${network}`).digest('hex').slice(0, 10)}`;
}
