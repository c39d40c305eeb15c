import { type EdgeLabel, Graph, type GraphLabel, layout, type NodeLabel } from '@dagrejs/dagre';
import type { LabEdge, LabGraph, LabVertex } from './graph-model.js';
import { type OrientedEdge, orientEdges } from './layering.js';

/** Places a lab graph top to bottom with dagre, then fits the network bars to the links that reach them. */

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
   * Polyline from the upper vertex to the lower one. It meets a network bar's edge, and ends at a node's
   * centre, so the node's shape must be drawn over it.
   */
  points: Point[];
  /** Centre of the address label. */
  label: Point;
}

export interface LabLayout extends Size {
  vertices: PlacedVertex[];
  edges: PlacedEdge[];
}

/** The sizes the renderer needs for its shapes and labels. */
export interface Measures {
  vertex(vertex: LabVertex): Size;
  edgeLabel(edge: LabEdge): Size;
}

const NODE_SEP = 32;
/** How far a stretched bar reaches past its outermost link, beyond its rounded end. */
const BAR_OVERHANG = 16;
/** The least room a stretched bar leaves to the next vertex in its rank. */
const BAR_GAP = 16;

/** An end of an edge: its vertex, and the neighbouring point of the polyline. */
interface EdgeEnd {
  id: string;
  next: Point;
}

export function layOutLabGraph(graph: LabGraph, measures: Measures): LabLayout {
  const oriented = orientEdges(graph);
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: NODE_SEP, edgesep: 16, ranksep: 40, marginx: 16, marginy: 16 });
  for (const [id, size] of vertexSizes(graph, oriented, measures)) g.setNode(id, { ...size });
  oriented.forEach(({ edge, upper, lower }, i) => {
    g.setEdge(upper, lower, { ...measures.edgeLabel(edge), labelpos: 'c' }, String(i));
  });
  layout(g);

  const { width = 0, height = 0 } = g.graph();
  // dagre's ordering tends to list siblings right to left in insertion order: mirroring the picture puts them
  // left to right in plan order.
  const mirror = ({ x = 0, y = 0 }: Partial<Point>): Point => ({ x: width - x, y });
  const vertices = graph.vertices.map((vertex): PlacedVertex => {
    const label = g.node(vertex.id);
    return { vertex, box: { ...mirror(label), width: label.width, height: label.height } };
  });
  const routes = oriented.map(({ edge, upper, lower }, i) => {
    const { points = [], x, y } = g.edge(upper, lower, String(i));
    // dagre's end points lie on the vertices' bounding boxes; `attach` below moves them onto the shapes.
    const bends = points.slice(1, -1).map(mirror);
    const label = mirror({ x, y });
    const ends: [EdgeEnd, EdgeEnd] = [
      { id: upper, next: bends[0] ?? label },
      { id: lower, next: bends.at(-1) ?? label },
    ];
    return { edge, bends, label, ends };
  });

  const allEnds = routes.flatMap(({ ends }) => ends);
  const boxes = vertices.map(({ box }) => box);
  for (const { vertex, box } of vertices) {
    const xs = allEnds.filter(({ id }) => id === vertex.id).map(({ next }) => next.x);
    if (vertex.kind === 'network' && xs.length > 0) stretchBar(box, xs, boxes, width);
  }
  const placedById = new Map(vertices.map((placed) => [placed.vertex.id, placed]));
  const attach = ({ id, next }: EdgeEnd): Point => {
    const placed = placedById.get(id);
    if (placed === undefined) return next;
    const { vertex, box } = placed;
    if (vertex.kind !== 'network') return { x: box.x, y: box.y };
    const reach = (box.width - box.height) / 2;
    return {
      x: Math.min(Math.max(next.x, box.x - reach), box.x + reach),
      y: box.y + (next.y < box.y ? -box.height : box.height) / 2,
    };
  };
  return {
    width,
    height,
    vertices,
    edges: routes.map(({ edge, bends, label, ends: [upper, lower] }) => ({
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

/**
 * Stretches a bar sideways over the x positions its links arrive from, so that they drop straight onto it, as
 * far as the picture's width and the other boxes in its rank leave room.
 */
function stretchBar(bar: Box, xs: number[], boxes: Box[], width: number): void {
  const overhang = bar.height / 2 + BAR_OVERHANG;
  let left = Math.min(bar.x - bar.width / 2, Math.max(0, Math.min(...xs) - overhang));
  let right = Math.max(bar.x + bar.width / 2, Math.min(width, Math.max(...xs) + overhang));
  for (const other of boxes) {
    if (other === bar || Math.abs(other.y - bar.y) >= (other.height + bar.height) / 2) continue;
    if (other.x < bar.x) left = Math.max(left, other.x + other.width / 2 + BAR_GAP);
    else right = Math.min(right, other.x - other.width / 2 - BAR_GAP);
  }
  Object.assign(bar, { x: (left + right) / 2, width: right - left });
}
