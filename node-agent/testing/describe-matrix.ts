import { describe, expect, it } from 'vitest';
import { ORDERINGS, RELIABILITIES, type TransportKind } from '../group-types/options.js';
import { checkSeed } from './matrix.js';

/** Seeds per combination (45 of them); GROUP_SIM_SEEDS=5000 makes a long what-if run. */
export const SEEDS = Number(process.env.GROUP_SIM_SEEDS ?? 80);

/**
 * The property test of one transport: every reliability × ordering combination over SEEDS seeded
 * schedules with loss, duplication and reordering, checked only through the members' delivery logs.
 * One file per transport, so the three run in parallel.
 */
export function describeMatrix(transport: TransportKind): void {
  describe(`${transport}: reliability × ordering over ${SEEDS} seeds each`, () => {
    for (const reliability of RELIABILITIES) {
      for (const ordering of ORDERINGS) {
        // A generous timeout: the seeds take about a second, but the machine may be busy.
        it(
          `${reliability} / ${ordering}`,
          () => {
            const failures: string[] = [];
            for (let seed = 1; seed <= SEEDS; seed++) {
              const failure = checkSeed(transport, reliability, ordering, seed);
              if (failure) failures.push(failure);
            }
            expect(failures).toEqual([]);
          },
          60_000 + SEEDS * 100,
        );
      }
    }
  });
}
