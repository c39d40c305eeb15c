import { z } from 'zod';

/** A map that rejects unknown keys; parse turns the issue into one error per key, naming these. */
export function strictMap<T extends z.ZodRawShape>(shape: T) {
  const valid = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `valid keys: ${valid}` : undefined),
  });
}

/** A value as messages quote it. */
export const quoted = (value: unknown) => JSON.stringify(value);
