import { describe, expect, it } from 'vitest';
import { describeLastSeen, PollTimeoutError, pollUntil, pollUntilOrTimeout } from './poll.js';

/** A probe counting 0, 1, 2, … one per call. */
const counter = () => {
  let n = 0;
  const probe = async () => n++;
  return { probe, calls: () => n };
};

describe('pollUntil', () => {
  it('returns the first accepted value', async () => {
    const { probe, calls } = counter();
    expect(await pollUntil(probe, (n) => n === 3, { what: 'three', intervalMs: 1 })).toBe(3);
    expect(calls()).toBe(4);
  });

  it('fails on timeout, naming what it waited for and what it saw last', async () => {
    const started = Date.now();
    const error = await pollUntil(
      async () => ({ neighbors: ['10.0.0.2'] }),
      () => false,
      {
        what: 'r1 to see 2 PIM neighbors',
        timeoutMs: 50,
        intervalMs: 10,
      },
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as Error).message).toBe(
      'timed out after 50 ms waiting for r1 to see 2 PIM neighbors; last seen: {"neighbors":["10.0.0.2"]}',
    );
    expect((error as PollTimeoutError).lastSeen).toEqual({ neighbors: ['10.0.0.2'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('probes once more at the deadline: a value that comes late but in time is accepted', async () => {
    const started = Date.now();
    const late = async () => Date.now() - started;
    // One probe at 0, then the interval would overshoot the deadline: the second probe comes at 40 ms.
    const value = await pollUntil(late, (ms) => ms >= 20, { what: 'late', timeoutMs: 40, intervalMs: 1_000 });
    expect(value).toBeGreaterThanOrEqual(20);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('quotes only the part of the last value asked for', async () => {
    await expect(
      pollUntil(
        async () => ({ big: 'x'.repeat(10), entry: { iif: 'eth1' } }),
        () => false,
        {
          what: 'the entry to move',
          timeoutMs: 0,
          lastSeen: (v) => v.entry,
        },
      ),
    ).rejects.toThrow('timed out after 0 ms waiting for the entry to move; last seen: {"iif":"eth1"}');
  });

  it('ends at once with the error of a probe that throws', async () => {
    await expect(
      pollUntil(
        async () => {
          throw new Error('no such router');
        },
        () => true,
        { what: 'anything', timeoutMs: 10_000 },
      ),
    ).rejects.toThrow('no such router');
  });
});

describe('pollUntilOrTimeout', () => {
  it('resolves with the last value, not accepted, when the time runs out', async () => {
    const { probe } = counter();
    const outcome = await pollUntilOrTimeout(probe, () => false, { timeoutMs: 30, intervalMs: 5 });
    expect(outcome.accepted).toBe(false);
    expect(outcome.value).toBeGreaterThan(0);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(30);
  });

  it('resolves accepted as soon as the value is accepted', async () => {
    const { probe } = counter();
    expect(
      await pollUntilOrTimeout(probe, (n) => n === 2, { timeoutMs: 1_000, intervalMs: 1 }),
    ).toMatchObject({ value: 2, accepted: true });
  });
});

describe('describeLastSeen', () => {
  it('writes JSON, with Maps, Sets, errors and undefined readable', () => {
    expect(describeLastSeen(undefined)).toBe('undefined');
    expect(describeLastSeen([1, undefined])).toBe('[1,null]');
    expect(describeLastSeen(new Map([['r1→lan1', 3]]))).toBe('{"r1→lan1":3}');
    expect(describeLastSeen({ seen: new Set(['a']) })).toBe('{"seen":["a"]}');
    expect(describeLastSeen(new Error('gone'))).toBe('"Error: gone"');
    expect(describeLastSeen(12n)).toBe('"12"');
  });

  it('cuts long values and says how much is left out', () => {
    expect(describeLastSeen('x'.repeat(30), 10)).toBe(`"${'x'.repeat(9)}… (22 more characters)`);
  });

  it('falls back to String() for what JSON cannot write', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(describeLastSeen(cyclic)).toBe('[object Object]');
  });
});
