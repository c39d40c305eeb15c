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
  const graph = buildNetworkGraph(networks, routers);
  // Each router's address on each of its networks, by network vertex.
  const addressOn = routers.map(
    (router) =>
      new Map(
        router.interfaces.flatMap((i) => {
          const vertex = graph.networkVertex.get(i.network);
          return vertex === undefined
            ? []
            : [[vertex, { text: i.address, value: parseIpv4(i.address) ?? 0 }]];
        }),
      ),
  );
  const routes = new Map<string, PlannedRoute[]>(routers.map((router) => [router.name, []]));
  for (const target of networks) {
    const dist = breadthFirst(graph, graph.networkVertex.get(target.name) as number);
    routers.forEach((router, r) => {
      // One edge away: attached to the target.
      if ((dist[r] as number) <= 1) return;
      const via = nextHop(graph, r, dist, addressOn);
      if (via !== undefined) routes.get(router.name)?.push({ destination: target.subnet, via });
    });
  }
  for (const host of nodes.filter((node) => node.kind === 'host')) {
    const network = host.interfaces[0]?.network;
    const vertex = network === undefined ? undefined : graph.networkVertex.get(network);
    const gateway = vertex === undefined ? undefined : lowest(neighbourAddresses(graph, vertex, addressOn));
    routes.set(host.name, gateway === undefined ? [] : [{ destination: 'default', via: gateway.text }]);
  }
  return routes;
}

interface Address {
  text: string;
  value: number;
}

/**
 * The address, on a shared network, of the neighbour closest to the target (lowest address on ties);
 * `dist` counts edges from the target network to every vertex.
 */
function nextHop(
  graph: NetworkGraph,
  router: number,
  dist: Int32Array,
  addressOn: readonly Map<number, Address>[],
): string | undefined {
  const { offsets, targets } = graph;
  let best: { dist: number; address: Address } | undefined;
  for (let e = offsets[router] as number; e < (offsets[router + 1] as number); e++) {
    const network = targets[e] as number;
    for (const { router: other, address } of neighbourAddresses(graph, network, addressOn, router)) {
      const d = dist[other] as number;
      if (d === UNREACHED) continue;
      if (!best || d < best.dist || (d === best.dist && address.value < best.address.value)) {
        best = { dist: d, address };
      }
    }
  }
  return best?.address.text;
}

/** The routers on a network with their addresses on it, but `except`. */
function neighbourAddresses(
  graph: NetworkGraph,
  network: number,
  addressOn: readonly Map<number, Address>[],
  except?: number,
): { router: number; address: Address }[] {
  const found: { router: number; address: Address }[] = [];
  for (let e = graph.offsets[network] as number; e < (graph.offsets[network + 1] as number); e++) {
    const router = graph.targets[e] as number;
    const address = addressOn[router]?.get(network);
    if (router !== except && address) found.push({ router, address });
  }
  return found;
}

function lowest(found: readonly { address: Address }[]): Address | undefined {
  return found.reduce<Address | undefined>(
    (chosen, { address }) => (!chosen || address.value < chosen.value ? address : chosen),
    undefined,
  );
}
