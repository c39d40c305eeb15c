import { z } from 'zod';

/**
 * A map that rejects unknown keys; parse turns the issue into one error per key, naming these.
 * `explain` may say why some of the unknown keys do not belong here (e.g. a router option on a host).
 */
export function strictMap<T extends z.ZodRawShape>(
  shape: T,
  explain?: (unknownKeys: string[]) => string | undefined,
) {
  const valid = `valid keys: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const why = explain?.(issue.keys);
      return why === undefined ? valid : `${valid}; ${why}`;
    },
  });
}

/** A value as messages quote it. */
export const quoted = (value: unknown) => JSON.stringify(value);
