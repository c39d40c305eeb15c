import { stringify } from 'yaml';

/**
 * A generated document as YAML, the way the example files are written: top-level sections in block
 * style, each of their entries on one line in flow style (`r1: { interfaces: [lan1, link1-2] }`), empty
 * values left empty (`lan1:`), `comment` lines first.
 */
export function toYaml(document: Record<string, unknown>, comment: readonly string[]): string {
  const lines = comment.map((line) => `# ${line}`.trimEnd());
  for (const [key, section] of Object.entries(document)) {
    if (Array.isArray(section)) lines.push(`${key}:`, ...section.map((item) => `  - ${flow(item)}`));
    else if (isMap(section)) {
      lines.push(
        `${key}:`,
        ...Object.entries(section).map(([k, v]) => `  ${k}:${v === null ? '' : ` ${flow(v)}`}`),
      );
    } else lines.push(`${key}: ${flow(section)}`);
  }
  return `${lines.join('\n')}\n`;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (isMap(value)) {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${flow(v)}`)
      .join(', ')} }`;
  }
  // Scalars quoted as YAML needs them.
  return stringify(value).trimEnd();
}
