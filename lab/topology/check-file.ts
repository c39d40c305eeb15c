import type { LocatedError } from '../yaml/locate.js';
import { loadTopology } from './parse.js';
import { planLab } from './planner.js';

/** A topology file checked as `deploy` would take it: its own errors, then whether it can be addressed. */
export type TopologyFileCheck =
  | { file: string; valid: false; errors: LocatedError[] }
  | { file: string; valid: true; errors: []; lab: string; networks: number; nodes: number };

export async function checkTopologyFile(file: string): Promise<TopologyFileCheck> {
  const loaded = await loadTopology(file);
  if (!loaded.ok) return { file, valid: false, errors: loaded.errors };
  // Addressing is what can fail; a large lab's route lists would only cost time.
  const planned = planLab(loaded.topology, { routes: false });
  if (!planned.ok) {
    const errors = planned.errors.map((message) => ({ file, line: 1, col: 1, path: '', message }));
    return { file, valid: false, errors };
  }
  const { networks, nodes } = planned.plan;
  return {
    file,
    valid: true,
    errors: [],
    lab: loaded.topology.name,
    networks: networks.length,
    nodes: nodes.length,
  };
}
