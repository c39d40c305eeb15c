import type { PlannedNetwork, PlannedNode } from './plan.js';

/**
 * Routers and networks as one bipartite graph in compressed adjacency arrays: vertices 0..routers-1
 * are the routers in declaration order, the networks follow. Breadth-first searches over it are
 * linear, which planning a lab of thousands of routers needs.
 */
export interface NetworkGraph {
  routers: readonly PlannedNode[];
  networks: readonly string[];
  /** Vertex of each network by name. */
  networkVertex: ReadonlyMap<string, number>;
  /** Neighbours of vertex v: `targets[offsets[v]]` to `targets[offsets[v + 1] - 1]`. */
  offsets: Int32Array;
  targets: Int32Array;
}

export const UNREACHED = -1;

export function buildNetworkGraph(
  networks: readonly PlannedNetwork[],
  routers: readonly PlannedNode[],
): NetworkGraph {
  const networkVertex = new Map(networks.map((network, i) => [network.name, routers.length + i]));
  const size = routers.length + networks.length;
  const edges: [number, number][] = routers.flatMap((router, r) =>
    router.interfaces.flatMap((i) => {
      const n = networkVertex.get(i.network);
      return n === undefined ? [] : [[r, n] as [number, number]];
    }),
  );
  return { routers, networks: networks.map((n) => n.name), networkVertex, ...adjacency(size, edges) };
}

/** Compressed adjacency of an undirected graph: each edge listed once, stored both ways. */
export function adjacency(
  size: number,
  edges: readonly (readonly [number, number])[],
): { offsets: Int32Array; targets: Int32Array } {
  const offsets = new Int32Array(size + 1);
  for (const [a, b] of edges) {
    offsets[a + 1] = (offsets[a + 1] ?? 0) + 1;
    offsets[b + 1] = (offsets[b + 1] ?? 0) + 1;
  }
  for (let v = 0; v < size; v++) offsets[v + 1] = (offsets[v + 1] ?? 0) + (offsets[v] ?? 0);
  const fill = offsets.slice(0, size);
  const targets = new Int32Array(2 * edges.length);
  const append = (from: number, to: number) => {
    const at = fill[from] as number;
    targets[at] = to;
    fill[from] = at + 1;
  };
  for (const [a, b] of edges) {
    append(a, b);
    append(b, a);
  }
  return { offsets, targets };
}

/** Edge counts from `from` to every vertex (UNREACHED where there is no path). */
export function breadthFirst(graph: Pick<NetworkGraph, 'offsets' | 'targets'>, from: number): Int32Array {
  const { offsets, targets } = graph;
  const dist = new Int32Array(offsets.length - 1).fill(UNREACHED);
  const queue = new Int32Array(offsets.length - 1);
  dist[from] = 0;
  queue[0] = from;
  for (let head = 0, tail = 1; head < tail; head++) {
    const v = queue[head] as number;
    const next = (dist[v] as number) + 1;
    for (let e = offsets[v] as number; e < (offsets[v + 1] as number); e++) {
      const w = targets[e] as number;
      if (dist[w] === UNREACHED) {
        dist[w] = next;
        queue[tail++] = w;
      }
    }
  }
  return dist;
}
