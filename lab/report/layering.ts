import type { LabEdge, LabGraph, LabVertex } from './graph-model.js';

/**
 * Decides which way is down in the picture. Each connected part of the lab hangs from its centre (the vertex
 * with the shortest longest path to the others), so a backbone sits on top with routers and their LANs below.
 */

/** An edge pointing down the picture: `upper` is one step closer to the centre than `lower`. */
export interface OrientedEdge {
  edge: LabEdge;
  upper: string;
  lower: string;
}

/** Centre candidates in order of preference when they tie: routers, then networks, then hosts. */
const KIND_PREFERENCE: LabVertex['kind'][] = ['router', 'network', 'host'];

export function orientEdges(graph: LabGraph): OrientedEdge[] {
  const depth = depths(graph);
  return graph.edges.map((edge) =>
    (depth.get(edge.node) ?? 0) < (depth.get(edge.network) ?? 0)
      ? { edge, upper: edge.node, lower: edge.network }
      : { edge, upper: edge.network, lower: edge.node },
  );
}

/** Each vertex's distance from the centre of its connected part. */
function depths(graph: LabGraph): Map<string, number> {
  const neighbours = new Map<string, string[]>(graph.vertices.map(({ id }) => [id, []]));
  for (const { node, network } of graph.edges) {
    neighbours.get(node)?.push(network);
    neighbours.get(network)?.push(node);
  }
  const candidates = KIND_PREFERENCE.flatMap((kind) =>
    graph.vertices.filter((vertex) => vertex.kind === kind),
  );
  const depth = new Map<string, number>();
  for (const start of candidates) {
    if (depth.has(start.id)) continue;
    const part = distancesFrom(start.id, neighbours);
    let centre = start.id;
    let best = Number.POSITIVE_INFINITY;
    for (const { id } of candidates) {
      if (!part.has(id)) continue;
      const eccentricity = Math.max(...distancesFrom(id, neighbours).values());
      if (eccentricity < best) {
        best = eccentricity;
        centre = id;
      }
    }
    for (const [id, distance] of distancesFrom(centre, neighbours)) depth.set(id, distance);
  }
  return depth;
}

/** Breadth-first distances from root to every vertex it reaches. */
function distancesFrom(root: string, neighbours: Map<string, string[]>): Map<string, number> {
  const distances = new Map([[root, 0]]);
  // A Map's iterator also visits entries added while iterating: this walks the queue in breadth-first order.
  for (const [vertex, distance] of distances) {
    for (const next of neighbours.get(vertex) ?? []) {
      if (!distances.has(next)) distances.set(next, distance + 1);
    }
  }
  return distances;
}
