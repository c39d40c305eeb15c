import { breadthFirst, buildNetworkGraph, type NetworkGraph, UNREACHED } from '../topology/network-graph.js';
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
  const graph = multicastGraph(plan);
  const rpNetworks =
    plan.nodes.find((node) => node.name === viaRouter)?.interfaces.map((i) => i.network) ?? [];
  /** The networks on the shortest paths from `from` to the router's nearest networks. */
  const toRouter = (from: string) => {
    const hops = graph.hopsFrom(from);
    const nearest = Math.min(...rpNetworks.map((n) => hops(n) ?? Number.POSITIVE_INFINITY));
    return graph.onShortestPaths(
      from,
      rpNetworks.filter((n) => hops(n) === nearest),
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

/** Router hops from network `from` to another network; undefined where it does not reach. */
export function networkHops(plan: LabPlan, from: string): (to: string) => number | undefined {
  return multicastGraph(plan).hopsFrom(from);
}

/**
 * The lab's networks joined by the routers that route multicast (topology/network-graph.ts), with
 * each breadth-first search kept once made, so large labs stay cheap.
 */
class MulticastGraph {
  private readonly graph: NetworkGraph;
  private readonly searches = new Map<string, Int32Array | undefined>();

  constructor(plan: LabPlan) {
    const routers = plan.nodes.filter((n) => n.kind === 'router' && n.multicastRouting);
    this.graph = buildNetworkGraph(plan.networks, routers);
  }

  /** Edges between networks and routers count two per router hop. */
  hopsFrom(from: string): (to: string) => number | undefined {
    const dist = this.search(from);
    return (to) => {
      const d = dist?.[this.graph.networkVertex.get(to) ?? -1];
      return d === undefined || d === UNREACHED ? undefined : d / 2;
    };
  }

  /** Every network on some shortest path from `from` to any of `targets`: walked back from the targets. */
  onShortestPaths(from: string, targets: readonly string[]): Set<string> {
    const dist = this.search(from);
    const on = new Set<string>();
    if (!dist) return on;
    const { offsets, targets: edges, networkVertex, networks, routers } = this.graph;
    const seen = new Set<number>();
    const stack = targets.flatMap((t) => {
      const v = networkVertex.get(t);
      return v === undefined || dist[v] === UNREACHED ? [] : [v];
    });
    for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
      if (seen.has(v)) continue;
      seen.add(v);
      if (v >= routers.length) on.add(networks[v - routers.length] as string);
      for (let e = offsets[v] as number; e < (offsets[v + 1] as number); e++) {
        const w = edges[e] as number;
        if (dist[w] === (dist[v] as number) - 1) stack.push(w);
      }
    }
    return on;
  }

  private search(from: string): Int32Array | undefined {
    if (!this.searches.has(from)) {
      const vertex = this.graph.networkVertex.get(from);
      this.searches.set(from, vertex === undefined ? undefined : breadthFirst(this.graph, vertex));
    }
    return this.searches.get(from);
  }
}

const graphs = new WeakMap<LabPlan, MulticastGraph>();

function multicastGraph(plan: LabPlan): MulticastGraph {
  let graph = graphs.get(plan);
  if (!graph) {
    graph = new MulticastGraph(plan);
    graphs.set(plan, graph);
  }
  return graph;
}
