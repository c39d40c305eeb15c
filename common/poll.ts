import { setTimeout as sleep } from 'node:timers/promises';

/** How long `pollUntil` waits unless told otherwise. */
export const DEFAULT_POLL_TIMEOUT_MS = 10_000;
/** Between probes unless told otherwise. */
export const DEFAULT_POLL_INTERVAL_MS = 100;
/** How much of the last value a timeout error quotes (JSON characters). */
export const LAST_SEEN_LIMIT = 2_000;

export interface PollTiming {
  /** Default {@link DEFAULT_POLL_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Default {@link DEFAULT_POLL_INTERVAL_MS}. */
  intervalMs?: number;
}

export interface PollOptions<T> extends PollTiming {
  /** What is awaited, for the error: `timed out after N ms waiting for <what>; last seen: …`. */
  what: string;
  /** The part of the last value the error quotes (default: all of it), e.g. only the entry in question. */
  lastSeen?: (value: T) => unknown;
}

/** A poll that did not see what it waited for in time; its message quotes the last value probed. */
export class PollTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastSeen: unknown,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${describeLastSeen(lastSeen)}`);
    this.name = 'PollTimeoutError';
  }
}

/**
 * Probes every `intervalMs` until `accept` holds and returns that value: waiting on observable state,
 * never on a fixed sleep. Throws a {@link PollTimeoutError} quoting the last value when `timeoutMs`
 * passes first. A probe or `accept` that throws ends the poll with that error.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: PollOptions<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const outcome = await pollUntilOrTimeout(probe, accept, { timeoutMs, intervalMs: options.intervalMs });
  if (!outcome.accepted)
    throw new PollTimeoutError(
      options.what,
      timeoutMs,
      options.lastSeen ? options.lastSeen(outcome.value) : outcome.value,
    );
  return outcome.value;
}

/** What {@link pollUntilOrTimeout} saw last, and whether it was accepted before the time ran out. */
export interface PollOutcome<T> {
  value: T;
  accepted: boolean;
  elapsedMs: number;
}

/**
 * Like {@link pollUntil}, but a timeout is an answer, not a failure: resolves with the last value and
 * `accepted: false`. For a window that must pass quietly ("nothing more arrives within 1 s") or a
 * caller that reports the failure itself. The caller must look at `accepted` or `value`.
 */
export async function pollUntilOrTimeout<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: PollTiming & { timeoutMs: number },
): Promise<PollOutcome<T>> {
  const { timeoutMs, intervalMs = DEFAULT_POLL_INTERVAL_MS } = options;
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const value = await probe();
    const accepted = accept(value);
    const now = Date.now();
    if (accepted || now >= deadline) return { value, accepted, elapsedMs: now - started };
    // The last probe comes at the deadline, not an interval after it.
    await sleep(Math.min(intervalMs, deadline - now));
  }
}

/** A value as a timeout error quotes it: JSON (Maps, Sets, errors and bigints readable), cut at `limit`. */
export function describeLastSeen(value: unknown, limit = LAST_SEEN_LIMIT): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => readable(v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

function readable(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
