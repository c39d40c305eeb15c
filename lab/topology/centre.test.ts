import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { centre } from './centre.js';
import { adjacency, breadthFirst, UNREACHED } from './network-graph.js';

/** The definition: a search from every candidate. */
function bruteForce(graph: ReturnType<typeof adjacency>, targets: number[], candidates: number[]) {
  let best: { vertex: number; eccentricity: number } | undefined;
  for (const vertex of candidates) {
    const dist = breadthFirst(graph, vertex);
    const eccentricity = Math.max(
      ...targets.map((t) => (dist[t] === UNREACHED ? Number.POSITIVE_INFINITY : (dist[t] as number))),
    );
    if (!best || eccentricity < best.eccentricity) best = { vertex, eccentricity };
  }
  return best?.vertex;
}

describe('centre', () => {
  it('agrees with a search from every candidate on random graphs, targets and candidate orders', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const random = seededRandom(seed);
      const size = 2 + random.int(30);
      const edges: [number, number][] = [];
      // Sometimes sparse enough to leave parts unconnected.
      const count = random.int(size * 2);
      for (let i = 0; i < count; i++) {
        const [a, b] = [random.int(size), random.int(size)];
        if (a !== b) edges.push([a, b]);
      }
      const graph = adjacency(size, edges);
      const vertices = Array.from({ length: size }, (_, v) => v);
      const targets = vertices.filter(() => random.next() < 0.6);
      const candidates = vertices.filter(() => random.next() < 0.7).sort(() => random.next() - 0.5);
      expect(centre(graph, targets, candidates), `seed ${seed}`).toBe(bruteForce(graph, targets, candidates));
    }
  });

  it('takes the first candidate on ties, and nothing without candidates', () => {
    const ring = adjacency(6, [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 0],
    ]);
    expect(centre(ring, [0, 1, 2, 3, 4, 5], [3, 1, 0])).toBe(3);
    expect(centre(ring, [0, 1], [])).toBeUndefined();
  });
});
