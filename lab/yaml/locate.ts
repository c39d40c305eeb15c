import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** Turns a path into the YAML document into an error at the line and column an editor should jump to. */

/** A problem in an input file, located as editors expect it (1-based line and column). */
export interface LocatedError {
  file: string;
  line: number;
  col: number;
  /** Dotted key path, e.g. `routers.r1.interfaces[0].network`. */
  path: string;
  message: string;
}

export type YamlPath = readonly (string | number)[];

/**
 * Builds an error at `path`: at its value by default, at its key with `at: 'key'`. A path that does
 * not (fully) exist in the document, such as an expanded shorthand, falls back to its deepest node.
 */
export type Locate = (path: YamlPath, message: string, at?: 'key' | 'value') => LocatedError;

/** `['routers', 'r1', 'interfaces', 1, 'network']` → `routers.r1.interfaces[1].network`. */
export function formatPath(path: YamlPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/** Without a document (a topology built in code) every error lands at 1:1. */
export function createLocate(file: string, doc?: Document, lineCounter?: LineCounter): Locate {
  return (path, message, at = 'value') => {
    const offset = doc && lineCounter ? offsetOf(doc, path, at) : undefined;
    const { line, col } =
      offset === undefined || !lineCounter ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    return { file, line, col, path: formatPath(path), message };
  };
}

function offsetOf(doc: Document, path: YamlPath, at: 'key' | 'value'): number | undefined {
  let node = doc.contents as Node | null;
  let key: Node | undefined;
  for (const part of path) {
    const child = childOf(node, part);
    if (child === undefined) break;
    ({ node, key } = child);
  }
  // An empty value (`lan1:`) has no text of its own: point at its key instead.
  const empty = node?.range && node.range[0] === node.range[1];
  return (at === 'key' || empty ? (key ?? node) : node)?.range?.[0];
}

function childOf(node: Node | null, part: string | number): { node: Node | null; key?: Node } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
    return pair && { node: pair.value as Node | null, key: pair.key as Node };
  }
  if (isSeq(node) && typeof part === 'number') {
    const item = node.items[part];
    return item === undefined ? undefined : { node: item as Node | null };
  }
  return undefined;
}

/** The path of the innermost map entry or list item whose text contains `offset` (for YAML errors). */
export function pathAt(doc: Document, offset: number): YamlPath {
  const path: (string | number)[] = [];
  let node = doc.contents as Node | null;
  for (;;) {
    const inside = (n: unknown) => {
      const range = (n as Node | null)?.range;
      return range !== undefined && range !== null && offset >= range[0] && offset < range[2];
    };
    if (isMap(node)) {
      const pair = node.items.find((item) => inside(item.key) || inside(item.value));
      if (!pair || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(inside);
      if (index < 0) return path;
      path.push(index);
      node = node.items[index] as Node | null;
    } else {
      return path;
    }
  }
}
