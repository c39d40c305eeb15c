import type { z } from 'zod';
import type { Locate, YamlPath } from './locate.js';

/**
 * What is left of a document once the values its schema rejected are taken out, so that the checks
 * between the remaining values still run and report together with the schema's errors.
 */

/** The values the schema rejected: checks that would read one skip it, so as not to report its consequences. */
export interface Rejected {
  /** Whether the value at `path` (in the salvaged value), or a value containing it, was rejected. */
  has(path: YamlPath): boolean;
  /** Whether a rejected value's path in the document passes `test`. */
  some(test: (path: YamlPath) => boolean): boolean;
}

export const NOTHING_REJECTED: Rejected = { has: () => false, some: () => false };

export interface Salvaged<T> {
  value: T;
  rejected: Rejected;
  /** Locates a path in the salvaged value at its place in the document (lists may have lost items). */
  locate: Locate;
}

/**
 * Values for required top-level keys that the checks can do without (a name), so that rejecting one
 * does not leave nothing to check.
 */
export type StandIns = Record<string, unknown>;

// Each round takes out what the last parse rejected; a required key taken out fails its map next round.
const MAX_ROUNDS = 10;

/** Takes rejected values out of `data` until `schema` accepts it; undefined when nothing would be left. */
export function salvage<T>(
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType<T>,
  standIns: StandIns,
  locate: Locate,
): Salvaged<T> | undefined {
  const pruning = new Pruning(structuredClone(data), standIns);
  let pending = issues;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!pending.every((issue) => pruning.reject(issue))) return undefined;
    pruning.compact();
    const result = schema.safeParse(pruning.data);
    if (result.success) {
      return {
        value: result.data,
        rejected: pruning,
        locate: (path, message, at) => locate(pruning.original(path), message, at),
      };
    }
    pending = result.error.issues;
  }
  return undefined;
}

// A list item taken out: lists are compacted after each round, so that the other issues' indices hold.
const REMOVED = Symbol('removed');

type Container = Record<string | number, unknown>;
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

class Pruning implements Rejected {
  private readonly rejected: YamlPath[] = [];
  /** For each list that lost items, by its path in the document: the document's indices of those left. */
  private readonly kept = new Map<string, number[]>();

  constructor(
    readonly data: unknown,
    private readonly standIns: StandIns,
  ) {}

  /** Takes out what an issue rejects; false when that would be the whole document. */
  reject(issue: z.core.$ZodIssue): boolean {
    const path = issue.path as YamlPath;
    // Unknown keys are reported and mean nothing to the checks: they go without a trace.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.every((key) => this.remove([...path, key]) !== undefined);
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    if (!missing) return this.remember(this.remove(path));
    const [key, ...inside] = path;
    if (inside.length > 0) return this.remember(this.remove(path.slice(0, -1)));
    if (typeof key !== 'string' || !(key in this.standIns) || !isContainer(this.data)) return false;
    this.data[key] = this.standIns[key];
    return this.remember([key]);
  }

  /** Removes the value at `path`, or the deepest value on it that exists (a shorthand's expansion). */
  private remove(path: YamlPath): YamlPath | undefined {
    const parents: Container[] = [];
    let node = this.data;
    for (const part of path) {
      if (!isContainer(node) || !(part in node)) break;
      parents.push(node);
      node = node[part];
    }
    const parent = parents.at(-1);
    const part = path[parents.length - 1];
    if (parent === undefined || part === undefined) return undefined;
    if (Array.isArray(parent)) parent[part as number] = REMOVED;
    else delete parent[part];
    return this.original(path.slice(0, parents.length));
  }

  private remember(path: YamlPath | undefined): boolean {
    if (path !== undefined) this.rejected.push(path);
    return path !== undefined;
  }

  /** Closes the gaps removed items left in lists, outer lists first. */
  compact(node: unknown = this.data, path: YamlPath = []): void {
    if (!isContainer(node)) return;
    if (Array.isArray(node) && node.includes(REMOVED)) {
      const key = JSON.stringify(this.original(path));
      const before = this.kept.get(key) ?? node.map((_, i) => i);
      this.kept.set(
        key,
        before.filter((_, i) => node[i] !== REMOVED),
      );
      node.splice(0, node.length, ...node.filter((item) => item !== REMOVED));
    }
    for (const [part, child] of Object.entries(node)) {
      this.compact(child, [...path, Array.isArray(node) ? Number(part) : part]);
    }
  }

  /** A path in the salvaged value as it is in the document. */
  original(path: YamlPath): YamlPath {
    const result: (string | number)[] = [];
    for (const part of path) {
      const kept = typeof part === 'number' ? this.kept.get(JSON.stringify(result)) : undefined;
      result.push(kept?.[part as number] ?? part);
    }
    return result;
  }

  has(path: YamlPath): boolean {
    const original = this.original(path);
    return this.some((rejected) => rejected.every((part, i) => original[i] === part));
  }

  some(test: (path: YamlPath) => boolean): boolean {
    return this.rejected.some(test);
  }
}
