import {
  type EdgeLabel,
  Graph,
  type GraphLabel,
  layout,
  type NodeLabel,
  type OrderConstraint,
} from '@dagrejs/dagre';
import type { LabEdge, LabGraph, LabVertex } from './graph-model.js';

/**
 * Places a lab graph top to bottom with dagre. Each connected part hangs from its centre (the vertex closest
 * to all others), so a backbone network sits on top with routers and their LANs below it.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** A box given by its centre and size. */
export interface Box extends Point, Size {}

export interface PlacedVertex {
  vertex: LabVertex;
  box: Box;
}

export interface PlacedEdge {
  edge: LabEdge;
  /**
   * Polyline from the upper vertex to the lower one. It starts and ends inside the vertices' shapes (which are
   * drawn over it): at a node's centre, or on a network bar's centre line right above or below the next point.
   */
  points: Point[];
  /** Centre of the address label. */
  label: Point;
}

export interface LabLayout extends Size {
  vertices: PlacedVertex[];
  edges: PlacedEdge[];
}

export interface Measures {
  vertex(vertex: LabVertex): Size;
  edgeLabel(edge: LabEdge): Size;
}

const NODE_SEP = 32;
/** How far a stretched bar reaches past its outermost link, beyond its rounded end. */
const BAR_OVERHANG = 16;
/** The least room a stretched bar leaves to the next vertex in its rank. */
const BAR_GAP = 16;
/** Preferred centres, and roots of the layering: routers, then networks, then hosts. */
const KIND_PREFERENCE: LabVertex['kind'][] = ['router', 'network', 'host'];

/** An edge pointing down the picture, with its name in the dagre multigraph. */
interface OrientedEdge {
  edge: LabEdge;
  upper: string;
  lower: string;
  name: string;
}

export function layOutLabGraph(graph: LabGraph, measures: Measures): LabLayout {
  const depth = depths(graph);
  const oriented = graph.edges.map((edge, i): OrientedEdge => {
    const nodeIsUpper = (depth.get(edge.node) ?? 0) < (depth.get(edge.network) ?? 0);
    return {
      edge,
      upper: nodeIsUpper ? edge.node : edge.network,
      lower: nodeIsUpper ? edge.network : edge.node,
      name: String(i),
    };
  });

  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: NODE_SEP, edgesep: 16, ranksep: 40, marginx: 16, marginy: 16 });
  for (const [id, size] of vertexSizes(graph, oriented, measures)) g.setNode(id, { ...size });
  for (const { edge, upper, lower, name } of oriented) {
    g.setEdge(upper, lower, { ...measures.edgeLabel(edge), labelpos: 'c' }, name);
  }
  layout(g, { constraints: siblingOrder(oriented) });

  const { width = 0, height = 0 } = g.graph();
  const boxes = new Map(
    graph.vertices.map(({ id }): [string, Box] => {
      const { x = 0, y = 0, width, height } = g.node(id);
      return [id, { x, y, width, height }];
    }),
  );
  const routes = oriented.map(({ edge, upper, lower, name }) => {
    const { points = [], x = 0, y = 0 } = g.edge(upper, lower, name);
    // dagre's first and last points are on the vertices' bounding boxes: they are replaced by `attach` below.
    const bends = points.slice(1, -1);
    const centre = (id: string): Point => boxes.get(id) ?? { x, y };
    return {
      edge,
      bends,
      label: { x, y },
      upper: { id: upper, next: bends[0] ?? centre(lower) },
      lower: { id: lower, next: bends.at(-1) ?? centre(upper) },
    };
  });
  const networks = new Set(graph.vertices.filter(({ kind }) => kind === 'network').map(({ id }) => id));
  const reaches = new Map<string, number[]>();
  for (const { id, next } of routes.flatMap(({ upper, lower }) => [upper, lower])) {
    if (networks.has(id)) reaches.set(id, [...(reaches.get(id) ?? []), next.x]);
  }
  for (const [id, xs] of reaches) stretchBar(id, xs, boxes, width);

  const attach = ({ id, next }: { id: string; next: Point }): Point => {
    const box = boxes.get(id) ?? { ...next, width: 0, height: 0 };
    if (!networks.has(id)) return { x: box.x, y: box.y };
    const reach = (box.width - box.height) / 2;
    return {
      x: Math.min(Math.max(next.x, box.x - reach), box.x + reach),
      y: box.y + (next.y < box.y ? -box.height : box.height) / 2,
    };
  };
  return {
    width,
    height,
    vertices: graph.vertices.map((vertex) => ({ vertex, box: boxes.get(vertex.id) ?? { x: 0, y: 0, width: 0, height: 0 } })),
    edges: routes.map(({ edge, bends, label, upper, lower }) => ({
      edge,
      points: [attach(upper), ...bends, attach(lower)],
      label,
    })),
  };
}

/** Vertices' sizes; a network bar is made at least as wide as the row of vertices and labels hanging from it. */
function vertexSizes(graph: LabGraph, oriented: OrientedEdge[], measures: Measures): Map<string, Size> {
  const sizes = new Map(graph.vertices.map((vertex) => [vertex.id, measures.vertex(vertex)]));
  const rows = new Map<string, number>();
  for (const { edge, upper, lower } of oriented) {
    const slot = Math.max(sizes.get(lower)?.width ?? 0, measures.edgeLabel(edge).width);
    const row = rows.get(upper);
    rows.set(upper, row === undefined ? slot : row + NODE_SEP + slot);
  }
  for (const { id, kind } of graph.vertices) {
    const size = sizes.get(id);
    if (kind === 'network' && size !== undefined) {
      sizes.set(id, { width: Math.max(size.width, rows.get(id) ?? 0), height: size.height });
    }
  }
  return sizes;
}

/** Keeps each vertex's children left to right in plan order. */
function siblingOrder(edges: { upper: string; lower: string }[]): OrderConstraint[] {
  const lastChild = new Map<string, string>();
  const constraints: OrderConstraint[] = [];
  for (const { upper, lower } of edges) {
    const left = lastChild.get(upper);
    if (left !== undefined) constraints.push({ left, right: lower });
    lastChild.set(upper, lower);
  }
  return constraints;
}

/**
 * Stretches a network bar sideways over the points its links arrive from, so that they drop straight onto it,
 * as far as the other vertices in its rank leave room.
 */
function stretchBar(id: string, xs: number[], boxes: Map<string, Box>, width: number): void {
  const bar = boxes.get(id);
  if (bar === undefined) return;
  const overhang = bar.height / 2 + BAR_OVERHANG;
  let left = Math.min(bar.x - bar.width / 2, Math.max(0, Math.min(...xs) - overhang));
  let right = Math.max(bar.x + bar.width / 2, Math.min(width, Math.max(...xs) + overhang));
  for (const [otherId, other] of boxes) {
    if (otherId === id || Math.abs(other.y - bar.y) >= (other.height + bar.height) / 2) continue;
    if (other.x < bar.x) left = Math.max(left, other.x + other.width / 2 + BAR_GAP);
    else right = Math.min(right, other.x - other.width / 2 - BAR_GAP);
  }
  boxes.set(id, { x: (left + right) / 2, y: bar.y, width: right - left, height: bar.height });
}

/** Each vertex's distance from the centre of its connected part. */
function depths(graph: LabGraph): Map<string, number> {
  const neighbours = new Map<string, string[]>(graph.vertices.map((vertex) => [vertex.id, []]));
  for (const { node, network } of graph.edges) {
    neighbours.get(node)?.push(network);
    neighbours.get(network)?.push(node);
  }
  const preferred = KIND_PREFERENCE.flatMap((kind) => graph.vertices.filter((vertex) => vertex.kind === kind));
  const result = new Map<string, number>();
  for (const start of preferred) {
    if (result.has(start.id)) continue;
    const part = distancesFrom(start.id, neighbours);
    let centre = start.id;
    let best = Number.POSITIVE_INFINITY;
    for (const candidate of preferred) {
      if (!part.has(candidate.id)) continue;
      const eccentricity = Math.max(...distancesFrom(candidate.id, neighbours).values());
      if (eccentricity < best) {
        best = eccentricity;
        centre = candidate.id;
      }
    }
    for (const [id, distance] of distancesFrom(centre, neighbours)) result.set(id, distance);
  }
  return result;
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
