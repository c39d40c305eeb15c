import { describe, expect, it } from 'vitest';
import { ATOMIC_ORDERINGS } from '../atomic/ordering.js';
import { chaosRun } from './atomic-chaos.js';

/** Seeds of random trouble; ATOMIC_CHAOS_SEEDS=2000 makes a long what-if run. */
const SEEDS = Number(process.env.ATOMIC_CHAOS_SEEDS ?? 120);

describe(`atomic groups under random crashes, restarts, partitions and loss (${SEEDS} seeds)`, () => {
  it.each(ATOMIC_ORDERINGS)(
    '%s: always settle in one view once healed, with logs that keep virtual synchrony (and total order)',
    (ordering) => {
      const failures: string[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const failure = chaosRun(seed, ordering);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    },
    60_000 + SEEDS * 200,
  );
});
