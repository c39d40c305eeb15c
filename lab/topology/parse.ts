import { dirname, resolve } from 'node:path';
import { InputInvalid } from '../errors.js';
import type { LocatedError } from '../yaml/locate.js';
import { type InputFormat, loadLocatedYaml, type Parsed, parseLocatedYaml } from '../yaml/parse-located.js';
import type { Topology } from './model.js';
import { topologySchema } from './schema.js';
import { validateTopology } from './validate.js';
import { checkPrograms, resolveBinds } from './validate-programs.js';

export type ParseResult = { ok: true; topology: Topology } | { ok: false; errors: LocatedError[] };

/** The format, for a file in `baseDir`: relative bind sources are that directory's. */
const topologyFormat = (baseDir: string): InputFormat<Topology> => ({
  schema: topologySchema,
  validate: (topology, locate, rejected) => [
    ...validateTopology(topology, locate, rejected),
    ...checkPrograms(topology, locate, rejected, baseDir),
  ],
  // The lab's name is in no check: a rejected one still lets them run.
  standIns: { name: 'rejected' },
  entryKinds: { networks: 'network', routers: 'router', hosts: 'host' },
  name: 'topology',
});

const asTopology = (parsed: Parsed<Topology>, baseDir: string): ParseResult =>
  parsed.ok ? { ok: true, topology: resolveBinds(parsed.value, baseDir) } : parsed;

/**
 * Parses and validates a topology, collecting every error with its position. Never throws. Relative
 * paths in it are `baseDir`'s: by default the directory of `file`.
 */
export function parseTopology(text: string, file: string, baseDir = dirname(resolve(file))): ParseResult {
  return asTopology(parseLocatedYaml(text, file, topologyFormat(baseDir)), baseDir);
}

/** Reads and parses a topology file; an unreadable file is an error at 1:1. */
export async function loadTopology(file: string): Promise<ParseResult> {
  const baseDir = dirname(resolve(file));
  return asTopology(await loadLocatedYaml(file, topologyFormat(baseDir)), baseDir);
}

/** Loads and validates a topology file, or throws every error in it at once. */
export async function loadValidTopology(file: string): Promise<Topology> {
  const loaded = await loadTopology(file);
  if (!loaded.ok) throw new InputInvalid(loaded.errors);
  return loaded.topology;
}
