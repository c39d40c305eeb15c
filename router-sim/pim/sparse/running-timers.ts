import type { Countdown } from '../common/countdown.js';

/** The running ones of named timers, as milliseconds left, for snapshots. */
export function runningTimers<Name extends string>(
  timers: Record<Name, Countdown>,
): Partial<Record<Name, number>> {
  const running: Partial<Record<Name, number>> = {};
  for (const name of Object.keys(timers) as Name[]) {
    const left = timers[name].remaining();
    if (left !== undefined) running[name] = left;
  }
  return running;
}
