import { fileURLToPath } from 'node:url';
import type { Topology } from '../topology/model.js';
import { loadTopology } from '../topology/parse.js';
import type { Workload } from '../workload/model.js';
import { loadWorkload } from '../workload/parse.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** An example topology of topologies/ and, when asked, its workload of workloads/, for the tests. */
export async function example(name: string): Promise<{ topology: Topology; workload: Workload }> {
  const loaded = await loadTopology(`${root}topologies/${name}.yaml`);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const workload = await loadWorkload(`${root}workloads/${name}.yaml`, loaded.topology);
  if (!workload.ok) throw new Error(workload.errors.join('\n'));
  return { topology: loaded.topology, workload: workload.value };
}

export async function exampleTopology(name: string): Promise<Topology> {
  const loaded = await loadTopology(`${root}topologies/${name}.yaml`);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.topology;
}
