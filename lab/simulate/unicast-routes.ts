import type { Rpf } from '../../router-sim/rib/rpf.js';
import { type Cidr, cidrContains, parseCidr, parseIpv4 } from '../topology/addressing.js';
import type { PlannedNetwork, PlannedNode } from '../topology/plan.js';
import { RouteFinder } from '../topology/routes.js';

/**
 * The lab's static unicast routes as the simulator follows them: the planner's rule (RouteFinder),
 * applied per destination network only when a packet goes there — a 10,000-router lab has far too
 * many routes to list.
 */
export class UnicastRoutes {
  private readonly finder: RouteFinder;
  private readonly index: Map<string, number>;
  private readonly subnets: { name: string; cidr: Cidr }[];
  private readonly distances = new Map<string, Int32Array | undefined>();
  private readonly networkOfAddress = new Map<string, string | undefined>();

  constructor(networks: readonly PlannedNetwork[], routers: readonly PlannedNode[]) {
    this.finder = new RouteFinder(networks, routers);
    this.index = new Map(routers.map((r, i) => [r.name, i]));
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
    if (!this.distances.has(network)) this.distances.set(network, this.finder.distancesTo(network));
    const dist = this.distances.get(network);
    const index = this.index.get(router.name);
    const hop = dist && index !== undefined ? this.finder.nextHop(index, dist) : undefined;
    const vif = hop ? router.interfaces.findIndex((i) => i.network === hop.network) : -1;
    return hop && vif >= 0 ? { vif, via: hop.address } : undefined;
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
}
