import type { LocatedError } from '../yaml/locate.js';
import { type InputFormat, loadLocatedYaml, type Parsed, parseLocatedYaml } from '../yaml/parse-located.js';
import type { Topology } from './model.js';
import { topologySchema } from './schema.js';
import { validateTopology } from './validate.js';

export type ParseResult = { ok: true; topology: Topology } | { ok: false; errors: LocatedError[] };

const TOPOLOGY: InputFormat<Topology> = {
  schema: topologySchema,
  validate: validateTopology,
  entryKinds: { networks: 'network', routers: 'router', hosts: 'host' },
  name: 'topology',
};

const asTopology = (parsed: Parsed<Topology>): ParseResult =>
  parsed.ok ? { ok: true, topology: parsed.value } : parsed;

/** Parses and validates a topology, collecting every error with its position. Never throws. */
export function parseTopology(text: string, file: string): ParseResult {
  return asTopology(parseLocatedYaml(text, file, TOPOLOGY));
}

/** Reads and parses a topology file; an unreadable file is an error at 1:1. */
export async function loadTopology(file: string): Promise<ParseResult> {
  return asTopology(await loadLocatedYaml(file, TOPOLOGY));
}
