import type { Rpf } from '../../router-sim/pim/sparse/context.js';
import { type Cidr, cidrContains, formatIpv4, parseCidr, parseIpv4 } from '../topology/addressing.js';
import type { PlannedNetwork, PlannedNode } from '../topology/plan.js';

/**
 * The lab's static unicast routes as the simulator follows them, computed per destination network
 * only when asked (a 10,000-router lab has far too many routes to list): routers reach a network
 * they are not attached to along a shortest path (fewest routers), ties going to the lower next-hop
 * address — the rule the planner gives the real lab (topology/routes.ts).
 */
export class UnicastRoutes {
  /** Per network: the routers on it and their addresses there. */
  private readonly onNetwork = new Map<string, { router: PlannedNode; address: number }[]>();
  private readonly subnets: { name: string; cidr: Cidr }[];
  private readonly hopsCache = new Map<string, Map<string, number>>();
  private readonly networkOfAddress = new Map<string, string | undefined>();

  constructor(networks: readonly PlannedNetwork[], routers: readonly PlannedNode[]) {
    for (const n of networks) this.onNetwork.set(n.name, []);
    for (const router of routers)
      for (const i of router.interfaces)
        this.onNetwork.get(i.network)?.push({ router, address: parseIpv4(i.address) ?? 0 });
    this.subnets = networks.flatMap((n) => {
      const cidr = parseCidr(n.subnet);
      return cidr ? [{ name: n.name, cidr }] : [];
    });
  }

  /** The network whose subnet holds `address`. */
  networkOf(address: string): string | undefined {
    if (this.networkOfAddress.has(address)) return this.networkOfAddress.get(address);
    const ip = parseIpv4(address);
    const found = ip === undefined ? undefined : this.subnets.find((s) => cidrContains(s.cidr, ip))?.name;
    this.networkOfAddress.set(address, found);
    return found;
  }

  /** The next hop from `router` towards `network`: undefined when attached to it or cut off. */
  nextHop(router: PlannedNode, network: string): { vif: number; via: string } | undefined {
    const hops = this.hopsTo(network);
    if (hops.get(router.name) === 0) return undefined;
    let best: { vif: number; via: number; hops: number } | undefined;
    router.interfaces.forEach((own, vif) => {
      for (const other of this.onNetwork.get(own.network) ?? []) {
        const distance = hops.get(other.router.name);
        if (other.router === router || distance === undefined) continue;
        if (!best || distance < best.hops || (distance === best.hops && other.address < best.via))
          best = { vif, via: other.address, hops: distance };
      }
    });
    return best && { vif: best.vif, via: formatIpv4(best.via) };
  }

  /** RPF towards `address` as router-sim reads it from the kernel's table (RFC 7761 §4.5, RFC 3973 §4.1). */
  rpf(router: PlannedNode, address: string): Rpf | undefined {
    const network = this.networkOf(address);
    if (network === undefined) return undefined;
    const direct = router.interfaces.findIndex((i) => i.network === network);
    if (direct >= 0) return { vif: direct, neighbor: undefined, metricPreference: 0, metric: 0 };
    const hop = this.nextHop(router, network);
    return hop && { vif: hop.vif, neighbor: hop.via, metricPreference: 1, metric: 0 };
  }

  /** Routers by the number of routers crossed after them towards `network` (0: attached). */
  private hopsTo(network: string): Map<string, number> {
    const cached = this.hopsCache.get(network);
    if (cached) return cached;
    const hops = new Map<string, number>();
    const seenNetworks = new Set([network]);
    let frontier = (this.onNetwork.get(network) ?? []).map((r) => r.router);
    for (const r of frontier) hops.set(r.name, 0);
    for (let distance = 1; frontier.length > 0; distance++) {
      const next: PlannedNode[] = [];
      for (const router of frontier)
        for (const { network: n } of router.interfaces) {
          if (seenNetworks.has(n)) continue;
          seenNetworks.add(n);
          for (const { router: other } of this.onNetwork.get(n) ?? [])
            if (!hops.has(other.name)) {
              hops.set(other.name, distance);
              next.push(other);
            }
        }
      frontier = next;
    }
    this.hopsCache.set(network, hops);
    return hops;
  }
}
