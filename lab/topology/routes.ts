import { parseIpv4 } from './addressing.js';
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
  const routes = new Map<string, PlannedRoute[]>();
  for (const router of routers) routes.set(router.name, []);
  for (const target of networks) {
    const hops = hopsTo(target.name, routers);
    for (const router of routers) {
      if (hops.get(router.name) === 0) continue;
      const via = nextHop(router, routers, hops);
      if (via !== undefined) routes.get(router.name)?.push({ destination: target.subnet, via });
    }
  }
  for (const host of nodes.filter((node) => node.kind === 'host')) {
    const network = host.interfaces[0]?.network;
    const gateway = lowest(
      routers.flatMap((r) => r.interfaces.filter((i) => i.network === network)).map((i) => i.address),
    );
    routes.set(host.name, gateway === undefined ? [] : [{ destination: 'default', via: gateway }]);
  }
  return routes;
}

/** Routers' distance to `network` in routers crossed after them: 0 for those attached to it. */
export function hopsTo(network: string, routers: readonly PlannedNode[]): Map<string, number> {
  const hops = new Map<string, number>();
  let frontier = routers.filter((r) => r.interfaces.some((i) => i.network === network));
  for (let distance = 0; frontier.length > 0; distance++) {
    for (const router of frontier) hops.set(router.name, distance);
    const reached = new Set(frontier.flatMap((r) => r.interfaces.map((i) => i.network)));
    frontier = routers.filter((r) => !hops.has(r.name) && r.interfaces.some((i) => reached.has(i.network)));
  }
  return hops;
}

/** The address, on a shared network, of the neighbour closest to the target (lowest address on ties). */
function nextHop(
  router: PlannedNode,
  routers: readonly PlannedNode[],
  hops: Map<string, number>,
): string | undefined {
  const own = new Set(router.interfaces.map((i) => i.network));
  const candidates = routers
    .filter((r) => r !== router && hops.has(r.name))
    .flatMap((r) =>
      r.interfaces
        .filter((i) => own.has(i.network))
        .map((i) => ({ hops: hops.get(r.name) ?? 0, address: i.address })),
    );
  const best = Math.min(...candidates.map((c) => c.hops));
  return lowest(candidates.filter((c) => c.hops === best).map((c) => c.address));
}

function lowest(addresses: readonly string[]): string | undefined {
  return [...addresses].sort((a, b) => (parseIpv4(a) ?? 0) - (parseIpv4(b) ?? 0))[0];
}
