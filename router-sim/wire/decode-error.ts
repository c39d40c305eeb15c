import type { DecodeError } from './igmp/message.js';

export type { DecodeError } from './igmp/message.js';

/** Builds the value a decoder returns instead of throwing. */
export function decodeError(error: string): DecodeError {
  return { error };
}
