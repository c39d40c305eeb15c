import type { MemberId } from '../wire/messages.js';

/** A position in the ISIS total order: the number, then the proposer, then the message, so no two tie. */
export interface Key {
  n: number;
  who: MemberId;
  sender: MemberId;
  seq: number;
}

export const after = (a: Key, b: Key): boolean =>
  a.n !== b.n
    ? a.n > b.n
    : a.who !== b.who
      ? a.who > b.who
      : a.sender !== b.sender
        ? a.sender > b.sender
        : a.seq > b.seq;

/** Agreed numbers remembered (late proposals are answered from them): bounded memory. */
const MEMORY = 4096;

/** Sets `key`, dropping the oldest entries beyond the bound. */
export function remember<K>(map: Map<K, Key>, key: K, value: Key): void {
  map.delete(key);
  map.set(key, value);
  for (const old of map.keys()) {
    if (map.size <= MEMORY) break;
    map.delete(old);
  }
}
