/**
 * Time as protocol logic sees it. State machines take a Clock instead of calling Date.now/setTimeout,
 * so the same code runs on real time in containers and on virtual time in the simulator.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds; only differences are meaningful. */
  now(): number;
  /** Calls `fire` once after `ms` milliseconds unless cancelled first. */
  setTimer(ms: number, fire: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (ms, fire) => {
    const handle = setTimeout(fire, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};
