import { centre } from './centre.js';
import type { Topology } from './model.js';
import { buildNetworkGraph } from './network-graph.js';
import type { PlannedNetwork, PlannedNode, PlannedRp } from './plan.js';
import { ALL_GROUPS } from './schema.js';

/**
 * The static RPs (RFC 7761 §4.7), each at an address of its router (below). Without `rp` in the topology the
 * router at its centre — the fewest routers away from the farthest network, the first declared on ties —
 * serves every group, so that switching a topology to sparse mode takes one line.
 */
export function planRendezvousPoints(
  topology: Topology,
  networks: readonly PlannedNetwork[],
  nodes: readonly PlannedNode[],
): PlannedRp[] {
  const routers = nodes.filter((node) => node.kind === 'router');
  const candidates = routers.filter((node) => node.multicastRouting);
  const specs =
    topology.defaults.rp ??
    centralRouter(networks, routers, candidates).map((router) => ({ router, groups: ALL_GROUPS }));
  return specs.flatMap(({ router, groups }) => {
    const address = rpAddress(router, routers);
    return address === undefined ? [] : [{ router, address, groups }];
  });
}

/**
 * The RP's address: on a network no other router attaches to, if it has one, so that every router's
 * unicast route to it (RPF toward the RP) runs through the RP itself, as a loopback would; else its
 * first address.
 */
function rpAddress(router: string, routers: readonly PlannedNode[]): string | undefined {
  const interfaces = routers.find((node) => node.name === router)?.interfaces ?? [];
  const others = new Set(
    routers.filter((node) => node.name !== router).flatMap((node) => node.interfaces.map((i) => i.network)),
  );
  return (interfaces.find((i) => !others.has(i.network)) ?? interfaces[0])?.address;
}

/** The candidate with the fewest routers to its farthest network (paths through any router). */
function centralRouter(
  networks: readonly PlannedNetwork[],
  routers: readonly PlannedNode[],
  candidates: readonly PlannedNode[],
): string[] {
  const graph = buildNetworkGraph(networks, routers);
  const vertex = new Map(routers.map((router, i) => [router, i]));
  const found = centre(
    graph,
    [...graph.networkVertex.values()],
    candidates.flatMap((router) => vertex.get(router) ?? []),
  );
  return found === undefined ? [] : [(routers[found] as PlannedNode).name];
}
