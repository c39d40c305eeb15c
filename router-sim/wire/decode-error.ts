import type { DecodeError } from './igmp/message.js';

export type { DecodeError } from './igmp/message.js';

/** Builds the value a decoder returns instead of throwing. */
export function decodeError(error: string): DecodeError {
  return { error };
}

/** Whether a decoder's result is a failure. Decoded messages never carry an `error` field. */
export function isDecodeError(value: unknown): value is DecodeError {
  return typeof value === 'object' && value !== null && 'error' in value;
}
