import { breadthFirst, type NetworkGraph, UNREACHED } from './network-graph.js';

type Graph = Pick<NetworkGraph, 'offsets' | 'targets'>;

/**
 * The candidate vertex with the smallest eccentricity — distance to its farthest target vertex — the
 * first in `candidates` order on ties; undefined without candidates. A vertex that cannot reach every
 * target is infinitely eccentric.
 *
 * Exact, without a search from every candidate: each search from a vertex v with eccentricity e(v)
 * bounds every w from below by e(v) - d(v, w), and each search from a target t by d(t, w) and
 * e(t) - d(t, w) (triangle inequality). Candidates are searched in order of that bound, and the
 * search stops once none left could beat (or tie earlier than) the best so far. On trees, grids and
 * random graphs a few searches settle it; a graph where every vertex looks alike (a ring) needs one
 * per candidate.
 */
export function centre(
  graph: Graph,
  targets: readonly number[],
  candidates: readonly number[],
): number | undefined {
  const lower = new Float64Array(graph.offsets.length - 1);
  const searched = new Uint8Array(graph.offsets.length - 1);
  const swept = new Uint8Array(graph.offsets.length - 1);
  let best: { rank: number; eccentricity: number } | undefined;
  for (;;) {
    const rank = nextCandidate(candidates, lower, searched);
    if (rank === undefined) break;
    const vertex = candidates[rank] as number;
    const bound = lower[vertex] as number;
    if (best && (bound > best.eccentricity || (bound === best.eccentricity && rank > best.rank))) break;
    searched[vertex] = 1;
    const dist = breadthFirst(graph, vertex);
    const { eccentricity, farthest } = reach(dist, targets);
    // Bounds, not ranks, order the searches: an earlier candidate may tie the best later.
    if (
      !best ||
      eccentricity < best.eccentricity ||
      (eccentricity === best.eccentricity && rank < best.rank)
    ) {
      best = { rank, eccentricity };
    }
    raise(lower, dist, (d) => eccentricity - d);
    // A search from the farthest target bounds the vertices on the other side of the graph.
    if (farthest !== undefined && !swept[farthest]) {
      swept[farthest] = 1;
      const fromTarget = breadthFirst(graph, farthest);
      const { eccentricity: e } = reach(fromTarget, targets);
      raise(lower, fromTarget, (d) => Math.max(d, e - d));
    }
  }
  return best === undefined ? undefined : candidates[best.rank];
}

/** The unsearched candidate with the lowest bound, the first on ties. */
function nextCandidate(
  candidates: readonly number[],
  lower: Float64Array,
  searched: Uint8Array,
): number | undefined {
  let chosen: number | undefined;
  for (let rank = 0; rank < candidates.length; rank++) {
    const vertex = candidates[rank] as number;
    if (searched[vertex]) continue;
    if (chosen === undefined || (lower[vertex] as number) < (lower[candidates[chosen] as number] as number)) {
      chosen = rank;
    }
  }
  return chosen;
}

function reach(dist: Int32Array, targets: readonly number[]): { eccentricity: number; farthest?: number } {
  let eccentricity = 0;
  let farthest: number | undefined;
  for (const target of targets) {
    const d = dist[target] as number;
    if (d === UNREACHED) return { eccentricity: Number.POSITIVE_INFINITY };
    if (farthest === undefined || d > eccentricity) {
      eccentricity = d;
      farthest = target;
    }
  }
  return farthest === undefined ? { eccentricity } : { eccentricity, farthest };
}

/** Lower bounds from one search; vertices it did not reach keep theirs. */
function raise(lower: Float64Array, dist: Int32Array, bound: (d: number) => number): void {
  for (let v = 0; v < dist.length; v++) {
    const d = dist[v] as number;
    if (d !== UNREACHED) lower[v] = Math.max(lower[v] as number, bound(d));
  }
}
