import { describe, expect, it } from 'vitest';
import type { Ordering, Reliability } from '../group-types/options.js';
import { CHAOS_ORDERINGS, CHAOS_RELIABILITIES, plainChaosSeed } from './plain-chaos.js';

/**
 * Seeds per combination (8 combinations); PLAIN_CHAOS_SEEDS=2000 makes a long what-if run. Replay one
 * failure with SEED=<n> (and COMBO=<reliability>/<ordering> to run only that combination).
 */
const SEEDS = Number(process.env.PLAIN_CHAOS_SEEDS ?? 50);
const only = process.env.SEED === undefined ? undefined : Number(process.env.SEED);
const combo = process.env.COMBO;
const messages = process.env.PLAIN_CHAOS_MESSAGES ? Number(process.env.PLAIN_CHAOS_MESSAGES) : undefined;

describe(`plain groups under concurrent senders, loss, duplication and reordering, then heal (${only === undefined ? `${SEEDS} seeds` : `seed ${only}`})`, () => {
  for (const reliability of CHAOS_RELIABILITIES) {
    for (const ordering of CHAOS_ORDERINGS) {
      const name = `${reliability}/${ordering}`;
      it.skipIf(combo !== undefined && combo !== name)(
        `${name}: every member delivers every message, in order, within 30 s of the heal`,
        () => {
          const failures: string[] = [];
          const seeds = only === undefined ? Array.from({ length: SEEDS }, (_, i) => i + 1) : [only];
          for (const seed of seeds) {
            const failure = plainChaosSeed(reliability as Reliability, ordering as Ordering, seed, messages);
            if (failure) {
              console.error(failure);
              failures.push(failure);
            }
          }
          expect(failures).toEqual([]);
        },
        120_000,
      );
    }
  }
});
