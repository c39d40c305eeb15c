import { loadValidTopology } from '../topology/parse.js';

/** The lab a command acts on: `--lab`, else the name inside the topology file, else undefined. */
export async function labNameFrom(
  file: string | undefined,
  lab: string | undefined,
): Promise<string | undefined> {
  if (lab) return lab;
  return file ? (await loadValidTopology(file)).name : undefined;
}
