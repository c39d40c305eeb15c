import { readFile } from 'node:fs/promises';
import { type Document, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { createLocate, formatPath, type Locate, type LocatedError, pathAt, type YamlPath } from './locate.js';
import { NOTHING_REJECTED, type Rejected, type StandIns, salvage } from './salvage.js';

/** Reads YAML input files (topologies, workloads) into typed values, every error located. */

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: LocatedError[] };

export interface InputFormat<T> {
  schema: z.ZodType<T>;
  /**
   * Checks between values the schema cannot see. They also run when the schema rejected some values,
   * on the rest: each check skips what `rejected` names.
   */
  validate(value: T, locate: Locate, rejected: Rejected): LocatedError[];
  /** Stand-ins for the required top-level keys the checks can do without (see salvage.ts). */
  standIns: StandIns;
  /** How messages name an entry of a top-level map: `{ hosts: 'host' }` → `host h1`. */
  entryKinds: Record<string, string>;
  /** What the document is, for messages: `topology`, `workload`. */
  name: string;
}

/**
 * Parses and validates a document, collecting every error with its position. Never throws. Only a
 * broken document (YAML syntax, a repeated key) stops before the schema and the checks between values.
 */
export function parseLocatedYaml<T>(text: string, file: string, format: InputFormat<T>): Parsed<T> {
  const lineCounter = new LineCounter();
  // yaml's own duplicate check compares every key with every other: linear in duplicateKeys below.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const locate = createLocate(file, doc, lineCounter);
  // After a syntax error the document is a guess: schema errors on it would only add noise.
  const syntax = [...yamlErrors(doc, lineCounter, file), ...duplicateKeys(doc, lineCounter, file)];
  if (syntax.length > 0) return failed(syntax);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // Alias bombs: yaml refuses to expand too many aliases.
    return failed([locate([], `invalid YAML: ${(error as Error).message}`)]);
  }
  const result = format.schema.safeParse(data, { reportInput: true, error: issueMessages(format) });
  if (result.success) {
    const errors = format.validate(result.data, locate, NOTHING_REJECTED);
    return errors.length > 0 ? failed(errors) : { ok: true, value: result.data };
  }
  const { issues } = result.error;
  const salvaged = salvage(data, issues, format.schema, format.standIns, locate);
  return failed([
    ...issues.flatMap((issue) => schemaErrors(issue, locate)),
    ...(salvaged ? format.validate(salvaged.value, salvaged.locate, salvaged.rejected) : []),
  ]);
}

/** Errors in file order, as an editor lists them. */
function failed<T>(errors: LocatedError[]): Parsed<T> {
  return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.col - b.col) };
}

/** Reads and parses a file; an unreadable file is an error at 1:1. */
export async function loadLocatedYaml<T>(file: string, format: InputFormat<T>): Promise<Parsed<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return failed([{ file, line: 1, col: 1, path: '', message: `cannot read ${format.name}: ${reason}` }]);
  }
  return parseLocatedYaml(text, file, format);
}

function yamlErrors(doc: Document, lineCounter: LineCounter, file: string): LocatedError[] {
  return doc.errors.map((error) => {
    const offset = error.pos[0];
    const path = formatPath(pathAt(doc, offset));
    return { file, ...lineCounter.linePos(offset), path, message: `invalid YAML: ${error.message}` };
  });
}

/** Each repetition of a key in the same map, at the repeated key. */
function duplicateKeys(doc: Document, lineCounter: LineCounter, file: string): LocatedError[] {
  const errors: LocatedError[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        const value = isScalar(key) ? key.value : key;
        const start = isScalar(key) ? key.range?.[0] : undefined;
        if (seen.has(value) && start !== undefined) {
          const path = pathAt(doc, start);
          const message = `duplicate key "${String(path.at(-1))}"${where(path.slice(0, -1), ' in ')}`;
          errors.push({ file, ...lineCounter.linePos(start), path: formatPath(path), message });
        }
        seen.add(value);
      }
    },
  });
  return errors;
}

/** Error messages for zod's generic issues; each schema words its own checks. */
const issueMessages =
  <T>(format: InputFormat<T>): z.core.$ZodErrorMap =>
  (issue) => {
    const label = (path: YamlPath) => entryLabel(path, format);
    const path = (issue.path ?? []) as YamlPath;
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined
          ? `missing required key "${String(path.at(-1))}"${where(path.slice(0, -1), ' in ')}`
          : `${label(path)} must be ${TYPE_NAMES[issue.expected] ?? issue.expected} (got ${describeValue(issue.input)})`;
      case 'invalid_value':
        return `${label(path)} must be one of ${issue.values.map(String).join(', ')} (got ${describeValue(issue.input)})`;
      case 'invalid_key':
        return issue.issues[0]?.message;
      default:
        return undefined;
    }
  };

/** Places an issue: unknown keys (one error each) and bad names at their key, missing keys at their map. */
function schemaErrors(issue: z.core.$ZodIssue, locate: Locate): LocatedError[] {
  const path = issue.path as YamlPath;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      locate(
        [...path, key],
        `unknown key "${key}"${where(path, ' in ', ' at the top level')}; ${issue.message}`,
        'key',
      ),
    );
  }
  const atKey = issue.code === 'invalid_key' || (issue.code === 'invalid_type' && issue.input === undefined);
  return [locate(path, issue.message, atKey ? 'key' : 'value')];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
};

/** A bad value as messages quote it: scalars as written, collections by kind. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}

/** How a message names a key: `pim`, `interfaces[1]`, `host h1`, or `topology` for the document itself. */
function entryLabel<T>(path: YamlPath, format: InputFormat<T>): string {
  const [first, second, ...rest] = path;
  const kind = format.entryKinds[String(first)];
  if (kind && second !== undefined && rest.length === 0) return `${kind} ${second}`;
  const last = path.at(-1);
  if (last === undefined) return format.name;
  return typeof last === 'number' ? `${String(path.at(-2))}[${last}]` : last;
}

function where(path: YamlPath, prefix: string, otherwise = ''): string {
  return path.length > 0 ? `${prefix}${formatPath(path)}` : otherwise;
}
