import * as z from 'zod';
import type { ControlArgs } from './protocol.js';
import { UsageError } from './protocol.js';
import type { VerbHandler } from './server.js';

/**
 * A verb with a zod schema for its arguments. Positional words from the CLI arrive as `args._` and
 * are named here, so `agent h1 join 239.1.1.1` and a library call `{ group: '239.1.1.1' }` are the same.
 */
export function verb<S extends z.ZodObject>(
  positionals: (keyof z.infer<S> & string)[],
  schema: S,
  run: (args: z.infer<S>) => unknown | Promise<unknown>,
): VerbHandler {
  return (raw: ControlArgs) => {
    const { _: words = [], ...named } = raw as ControlArgs & { _?: unknown[] };
    if (words.length > positionals.length) {
      throw new UsageError(`too many arguments: ${words.slice(positionals.length).join(' ')}`);
    }
    positionals.forEach((name, i) => {
      if (words[i] !== undefined) named[name] = words[i];
    });
    const parsed = schema.strict().safeParse(named);
    if (!parsed.success) {
      throw new UsageError(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; '),
      );
    }
    return run(parsed.data as z.infer<S>);
  };
}

/** Send verbs: send for this many seconds (0: send `count` messages). */
export const seconds = z.coerce.number().min(0).max(3_600).default(0);

/** How many messages a send verb sends and until when: `count`, or for `seconds` (then `count` at most). */
export function sendingLimits(
  count: number | undefined,
  seconds: number,
  started: number,
): { n: number; until: number } {
  return {
    n: count ?? (seconds > 0 ? Number.POSITIVE_INFINITY : 1),
    until: seconds > 0 ? started + seconds * 1000 : Number.POSITIVE_INFINITY,
  };
}
