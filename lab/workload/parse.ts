import { InputInvalid } from '../errors.js';
import type { Topology } from '../topology/model.js';
import { loadValidTopology } from '../topology/parse.js';
import { type InputFormat, loadLocatedYaml, type Parsed, parseLocatedYaml } from '../yaml/parse-located.js';
import type { Workload } from './model.js';
import { workloadSchema } from './schema.js';
import { validateWorkload } from './validate.js';

const format = (topology?: Topology): InputFormat<Workload> => ({
  schema: workloadSchema,
  validate: (workload, locate, rejected) => validateWorkload(workload, locate, rejected, topology),
  // Checks that read the duration skip when it was rejected; the hosts are still checked.
  standIns: { name: 'rejected', duration: 1 },
  entryKinds: {},
  name: 'workload',
});

/** Parses a workload, checked against `topology` when given; every error located. Never throws. */
export function parseWorkload(text: string, file: string, topology?: Topology): Parsed<Workload> {
  return parseLocatedYaml(text, file, format(topology));
}

export function loadWorkload(file: string, topology?: Topology): Promise<Parsed<Workload>> {
  return loadLocatedYaml(file, format(topology));
}

/** A topology file and a workload file checked against it, or every error in the first that has any. */
export async function loadTopologyAndWorkload(
  topologyFile: string,
  workloadFile: string,
): Promise<{ topology: Topology; workload: Workload }> {
  const topology = await loadValidTopology(topologyFile);
  const loaded = await loadWorkload(workloadFile, topology);
  if (!loaded.ok) throw new InputInvalid(loaded.errors);
  return { topology, workload: loaded.value };
}
