import { InputInvalid } from '../errors.js';
import type { Topology } from '../topology/model.js';
import { loadTopology } from '../topology/parse.js';

/** Loads and validates a topology file, or throws every error in it at once. */
export async function loadValidTopology(file: string): Promise<Topology> {
  const loaded = await loadTopology(file);
  if (!loaded.ok) throw new InputInvalid(loaded.errors);
  return loaded.topology;
}

/** The lab a command acts on: `--lab`, else the name inside the topology file, else undefined. */
export async function labNameFrom(
  file: string | undefined,
  lab: string | undefined,
): Promise<string | undefined> {
  if (lab) return lab;
  return file ? (await loadValidTopology(file)).name : undefined;
}
