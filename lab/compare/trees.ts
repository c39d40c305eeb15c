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
  const graph = networkGraph(plan);
  const rpNetworks =
    plan.nodes.find((node) => node.name === viaRouter)?.interfaces.map((i) => i.network) ?? [];
  /** The networks on the shortest paths from `from` to the router's nearest networks. */
  const toRouter = (from: string) => {
    const distance = graph.distancesFrom(from);
    const nearest = Math.min(...rpNetworks.map((n) => distance.get(n) ?? Number.POSITIVE_INFINITY));
    return graph.onShortestPaths(
      from,
      rpNetworks.filter((n) => distance.get(n) === nearest),
    );
  };
  const wanted = new Set<string>(flow.sources);
  const add = (networks: Iterable<string>) => {
    for (const n of networks) wanted.add(n);
  };
  if (flow.members.length === 0) return wanted;
  for (const source of flow.sources) {
    add(graph.onShortestPaths(source, flow.members));
    if (viaRouter) add(toRouter(source));
  }
  if (viaRouter && flow.sources.length > 0) for (const member of new Set(flow.members)) add(toRouter(member));
  return wanted;
}

/** Router hops from network `from` to every network it reaches. */
export function networkDistances(plan: LabPlan, from: string): ReadonlyMap<string, number> {
  return networkGraph(plan).distancesFrom(from);
}

/**
 * Networks as a graph, adjacent where a router that routes multicast joins them; distances (router
 * hops) from a network are computed once, when first asked for, so large labs stay cheap.
 */
class NetworkGraph {
  private readonly neighbors = new Map<string, Set<string>>();
  private readonly distances = new Map<string, Map<string, number>>();

  constructor(plan: LabPlan) {
    for (const n of plan.networks) this.neighbors.set(n.name, new Set());
    for (const router of plan.nodes.filter((n) => n.kind === 'router' && n.multicastRouting))
      for (const a of router.interfaces)
        for (const b of router.interfaces) if (a !== b) this.neighbors.get(a.network)?.add(b.network);
  }

  distancesFrom(start: string): Map<string, number> {
    let distance = this.distances.get(start);
    if (distance) return distance;
    distance = new Map([[start, 0]]);
    for (let frontier = [start], hops = 1; frontier.length > 0; hops++) {
      const next: string[] = [];
      for (const n of frontier)
        for (const m of this.neighbors.get(n) ?? [])
          if (!distance.has(m)) {
            distance.set(m, hops);
            next.push(m);
          }
      frontier = next;
    }
    this.distances.set(start, distance);
    return distance;
  }

  /** Every network on some shortest path from `from` to any of `targets`: walked back from the targets. */
  onShortestPaths(from: string, targets: readonly string[]): Set<string> {
    const distance = this.distancesFrom(from);
    const on = new Set(targets.filter((t) => distance.has(t)));
    const stack = [...on];
    for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
      const d = distance.get(n) ?? 0;
      for (const m of this.neighbors.get(n) ?? [])
        if (distance.get(m) === d - 1 && !on.has(m)) {
          on.add(m);
          stack.push(m);
        }
    }
    return on;
  }
}

const graphs = new WeakMap<LabPlan, NetworkGraph>();

function networkGraph(plan: LabPlan): NetworkGraph {
  let graph = graphs.get(plan);
  if (!graph) {
    graph = new NetworkGraph(plan);
    graphs.set(plan, graph);
  }
  return graph;
}
