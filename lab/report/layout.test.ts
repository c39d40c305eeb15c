import { describe, expect, it } from 'vitest';
import { toLabGraph } from './graph-model.js';
import { type Box, type LabLayout, layOutLabGraph, type Point } from './layout.js';
import { campusPlan } from './test-fixture.js';

const layout = layOutLabGraph(toLabGraph(campusPlan), {
  vertex: (vertex) => (vertex.kind === 'network' ? { width: 120, height: 20 } : { width: 40, height: 40 }),
  edgeLabel: () => ({ width: 60, height: 14 }),
});

const boxOf = (plan: LabLayout, id: string) => plan.vertices.find(({ vertex }) => vertex.id === id)?.box;

describe('layOutLabGraph', () => {
  it('lays siblings out left to right in plan order', () => {
    const xs = ['node:h1', 'node:h2', 'node:h3', 'node:h4'].map((id) => boxOf(layout, id)?.x ?? Number.NaN);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(boxOf(layout, 'node:r1')?.x).toBeLessThan(boxOf(layout, 'node:r2')?.x ?? Number.NaN);
  });

  it('puts the core network on top and the hosts at the bottom', () => {
    const ys = layout.vertices.map(({ vertex, box }) => [vertex.id, box.y] as const);
    const core = boxOf(layout, 'network:core')?.y ?? Number.NaN;
    for (const [id, y] of ys) if (id !== 'network:core') expect(y).toBeGreaterThan(core);
    expect(boxOf(layout, 'node:h1')?.y).toBe(Math.max(...ys.map(([, y]) => y)));
  });

  it('drops links straight onto network bars, meeting the bars at their edges', () => {
    for (const { edge, points } of layout.edges) {
      const bar = boxOf(layout, edge.network) ?? { x: 0, y: 0, width: 0, height: 0 };
      const [onBar, from] = endOnBar(points, bar);
      expect(onBar.x).toBeCloseTo(from.x);
      expect(Math.abs(onBar.y - bar.y)).toBeCloseTo(bar.height / 2);
      expect(Math.abs(onBar.x - bar.x)).toBeLessThanOrEqual(bar.width / 2);
    }
  });
});

/** The end of a polyline nearer to a bar, and the point before it. */
function endOnBar(points: Point[], bar: Box): [Point, Point] {
  const start = points.slice(0, 2);
  const end = points.slice(-2).reverse();
  const distance = ([point]: Point[]) => Math.abs((point?.y ?? 0) - bar.y);
  const [onBar, from] = distance(start) < distance(end) ? start : end;
  if (onBar === undefined || from === undefined) throw new Error('a link has at least two points');
  return [onBar, from];
}
