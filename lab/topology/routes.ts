import { parseIpv4 } from './addressing.js';
import { breadthFirst, buildNetworkGraph, type NetworkGraph, UNREACHED } from './network-graph.js';
import type { PlannedNetwork, PlannedNode, PlannedRoute } from './plan.js';

/**
 * Static unicast routes, keyed by node name. Routers reach every subnet they are not attached to
 * along a shortest path (fewest routers), ties going to the lower next-hop address; hosts send
 * everything to the lowest-addressed router on their network.
 */
export function planRoutes(
  networks: readonly PlannedNetwork[],
  nodes: readonly PlannedNode[],
): Map<string, PlannedRoute[]> {
  const routers = nodes.filter((node) => node.kind === 'router');
  const finder = new RouteFinder(networks, routers);
  const routes = new Map<string, PlannedRoute[]>(routers.map((router) => [router.name, []]));
  for (const target of networks) {
    const dist = finder.distancesTo(target.name);
    routers.forEach((router, r) => {
      const via = dist && finder.nextHop(r, dist)?.address;
      if (via !== undefined) routes.get(router.name)?.push({ destination: target.subnet, via });
    });
  }
  for (const host of nodes.filter((node) => node.kind === 'host')) {
    const gateway = finder.gateway(host.interfaces[0]?.network ?? '');
    routes.set(host.name, gateway === undefined ? [] : [{ destination: 'default', via: gateway }]);
  }
  return routes;
}

interface Address {
  text: string;
  value: number;
}

/**
 * The routing rule over the lab's router–network graph, one destination network at a time: the planner
 * asks it for every network, the simulator only for those its packets go to.
 */
export class RouteFinder {
  private readonly graph: NetworkGraph;
  /** Each router's address on each of its networks, by network vertex. */
  private readonly addressOn: Map<number, Address>[];

  constructor(networks: readonly PlannedNetwork[], routers: readonly PlannedNode[]) {
    this.graph = buildNetworkGraph(networks, routers);
    this.addressOn = routers.map(
      (router) =>
        new Map(
          router.interfaces.flatMap((i) => {
            const vertex = this.graph.networkVertex.get(i.network);
            return vertex === undefined
              ? []
              : [[vertex, { text: i.address, value: parseIpv4(i.address) ?? 0 }]];
          }),
        ),
    );
  }

  /** Edge counts from network `name` to every vertex (routers first, in the order given). */
  distancesTo(name: string): Int32Array | undefined {
    const vertex = this.graph.networkVertex.get(name);
    return vertex === undefined ? undefined : breadthFirst(this.graph, vertex);
  }

  /**
   * Router `router`'s next hop towards the network `dist` was measured from: the address, on a shared
   * network, of the neighbour closest to it (lowest address on ties); none when attached to it or cut off.
   */
  nextHop(router: number, dist: Int32Array): { address: string; network: string } | undefined {
    // One edge away: attached to the target.
    if ((dist[router] as number) <= 1) return undefined;
    const { offsets, targets } = this.graph;
    let best: { dist: number; address: Address; network: number } | undefined;
    for (let e = offsets[router] as number; e < (offsets[router + 1] as number); e++) {
      const network = targets[e] as number;
      for (const { router: other, address } of this.neighbourAddresses(network, router)) {
        const d = dist[other] as number;
        if (d === UNREACHED) continue;
        if (!best || d < best.dist || (d === best.dist && address.value < best.address.value)) {
          best = { dist: d, address, network };
        }
      }
    }
    const network = best && this.graph.networks[best.network - this.graph.routers.length];
    return best && network !== undefined ? { address: best.address.text, network } : undefined;
  }

  /** The lowest-addressed router on a network: its hosts' default gateway. */
  gateway(network: string): string | undefined {
    const vertex = this.graph.networkVertex.get(network);
    if (vertex === undefined) return undefined;
    return this.neighbourAddresses(vertex).reduce<Address | undefined>(
      (chosen, { address }) => (!chosen || address.value < chosen.value ? address : chosen),
      undefined,
    )?.text;
  }

  /** The routers on a network with their addresses on it, but `except`. */
  private neighbourAddresses(network: number, except?: number): { router: number; address: Address }[] {
    const { offsets, targets } = this.graph;
    const found: { router: number; address: Address }[] = [];
    for (let e = offsets[network] as number; e < (offsets[network + 1] as number); e++) {
      const router = targets[e] as number;
      const address = this.addressOn[router]?.get(network);
      if (router !== except && address) found.push({ router, address });
    }
    return found;
  }
}
