import { stringify } from 'yaml';
import { InputInvalid } from '../errors.js';
import type { Topology } from '../topology/model.js';
import { loadTopology as loadTopologyFile, parseTopology } from '../topology/parse.js';
import type { LocatedError } from '../yaml/locate.js';

/** A topology as a YAML file's path, or the same document as an object (keys as in the YAML). */
export type TopologySource = string | Record<string, unknown>;

export type TopologyCheck = { ok: true; topology: Topology } | { ok: false; errors: LocatedError[] };

/**
 * Validates a topology file or object without deploying it: every error at once, each with its place
 * (file:line:col for a file; an object is checked as the YAML it would be written as, `path` naming the
 * key, its relative paths taken from the working directory).
 */
export async function validateTopology(source: TopologySource): Promise<TopologyCheck> {
  if (typeof source === 'string') return loadTopologyFile(source);
  return parseTopology(stringify(source), '(topology object)', process.cwd());
}

/** The topology, or an {@link InputInvalid} error listing every problem in it. */
export async function loadTopology(source: TopologySource): Promise<Topology> {
  const checked = await validateTopology(source);
  if (!checked.ok) throw new InputInvalid(checked.errors);
  return checked.topology;
}
