import type { Random } from '../../common/sim/random.js';

/**
 * `count` distinct numbers from 0..size-1 in random order: a Fisher–Yates shuffle stopped after
 * `count` steps, over a map of the swapped places only, so drawing a few of many costs a few steps.
 */
export function sample(random: Random, size: number, count: number): number[] {
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const drawn: number[] = [];
  for (let i = 0; i < Math.min(count, size); i++) {
    const j = i + random.int(size - i);
    drawn.push(at(j));
    swapped.set(j, at(i));
  }
  return drawn;
}
