import { parse as parseShell } from 'shell-quote';
import { z } from 'zod';
import { describeValue } from '../yaml/parse-located.js';
import { quoted } from '../yaml/strict-map.js';

/**
 * A node's own program (model.ts NodeProgram): its image, its command, what it mounts, its environment.
 * Routers and hosts take the same keys.
 */

// `node /app/rx.mjs 239.1.2.3` is split as a shell would; pipes and redirections need a shell, which a
// lab node may not have: they are errors, and a list of words is the way to give them literally.
const command = z.union([z.string(), z.array(z.string()).min(1)]).transform((value, ctx) => {
  if (Array.isArray(value)) return value;
  const words = parseShell(value);
  const operator = words.find((w) => typeof w !== 'string');
  if (operator !== undefined || words.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message:
        words.length === 0
          ? 'command is empty'
          : `command ${quoted(value)} uses shell syntax (${shellSyntax(operator)}); give a list of words, or run a shell: [sh, -c, "…"]`,
    });
    return z.NEVER;
  }
  return words as string[];
});

/** What shell-quote found: an operator (`>`, `|`), a glob, a comment. */
const shellSyntax = (entry: unknown) =>
  typeof entry === 'object' && entry !== null
    ? String(Object.values(entry as Record<string, unknown>)[0])
    : String(entry);

// `./build:/opt/app` (read-only) or `./data:/data:rw`; the source is relative to the topology file.
const BIND = /^([^:]+):(\/[^:]*)(?::(ro|rw))?$/;
const bind = z.string().transform((text, ctx) => {
  const match = BIND.exec(text);
  if (!match?.[1] || !match[2]) {
    ctx.addIssue({
      code: 'custom',
      message: `a bind is SOURCE:/TARGET[:ro|rw], e.g. ./build:/opt/app (got ${quoted(text)})`,
    });
    return z.NEVER;
  }
  return { source: match[1], target: match[2], writable: match[3] === 'rw' };
});

// Docker image references: [registry/]name[:tag][@digest], lowercase name.
const image = z.string().regex(/^[a-z0-9][a-z0-9._/:@-]*$/, {
  error: (issue) =>
    `image must be a Docker image reference like my/receiver:1.0 (got ${quoted(issue.input)})`,
});

const env = z.record(
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: (issue) => `invalid variable name ${quoted(issue.input)}` }),
  z
    .union([z.string(), z.number(), z.boolean()], {
      error: (issue) => `env values are strings, numbers or booleans (got ${describeValue(issue.input)})`,
    })
    .transform(String),
);

export const programKeys = {
  image: image.optional(),
  command: command.optional(),
  binds: z.array(bind).optional(),
  env: env.optional(),
};
