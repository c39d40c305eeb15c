import type { LabPlan } from '../topology/plan.js';

/**
 * Where a group's data is wanted: the networks on a distribution tree from its sources to its members.
 * Dense mode's tree is the shortest-path tree; sparse mode also uses the RP tree (source → RP →
 * members) until the last-hop routers switch. Any shortest path counts (equal-cost ties are all kept).
 */
export interface GroupFlow {
  /** The networks the group's sources are on. */
  sources: string[];
  /** The networks the group's members are on. */
  members: string[];
}

export function wantedNetworks(plan: LabPlan, flow: GroupFlow, viaRouter?: string): Set<string> {
  const distances = networkDistances(plan);
  const d = (a: string, b: string) => distances.get(a)?.get(b) ?? Number.POSITIVE_INFINITY;
  const between = (a: string, b: string) =>
    plan.networks
      .map((n) => n.name)
      .filter((n) => d(a, n) + d(n, b) === d(a, b) && d(a, b) < Number.POSITIVE_INFINITY);
  const rpNetworks =
    plan.nodes.find((node) => node.name === viaRouter)?.interfaces.map((i) => i.network) ?? [];
  /** The networks on the shortest paths from `a` to the router, ending at its nearest networks. */
  const toRouter = (a: string) => {
    const nearest = Math.min(...rpNetworks.map((n) => d(a, n)));
    return rpNetworks.filter((n) => d(a, n) === nearest).flatMap((n) => between(a, n));
  };
  const wanted = new Set<string>(flow.sources);
  for (const source of flow.sources) {
    for (const member of flow.members) {
      for (const n of between(source, member)) wanted.add(n);
      if (viaRouter) for (const n of [...toRouter(source), ...toRouter(member)]) wanted.add(n);
    }
  }
  return wanted;
}

/** Router hops between every two networks: adjacent networks share a router that routes multicast. */
function networkDistances(plan: LabPlan): Map<string, Map<string, number>> {
  const neighbors = new Map<string, Set<string>>(plan.networks.map((n) => [n.name, new Set()]));
  for (const router of plan.nodes.filter((n) => n.kind === 'router' && n.multicastRouting)) {
    for (const a of router.interfaces)
      for (const b of router.interfaces) neighbors.get(a.network)?.add(b.network);
  }
  const all = new Map<string, Map<string, number>>();
  for (const start of neighbors.keys()) {
    const distance = new Map([[start, 0]]);
    for (let frontier = [start], hops = 1; frontier.length > 0; hops++) {
      frontier = frontier.flatMap((n) => [...(neighbors.get(n) ?? [])].filter((m) => !distance.has(m)));
      for (const n of frontier) distance.set(n, hops);
    }
    all.set(start, distance);
  }
  return all;
}
