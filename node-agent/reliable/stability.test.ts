import { describe, expect, it } from 'vitest';
import { DigestTable, streamId } from './digests.js';
import { SendStream } from './send-stream.js';

const pos = (origin: string, next: number, inc = 1) => ({ kind: 'data' as const, origin, inc, low: 0, next });

describe('stability', () => {
  it('a stream is stable up to the lowest position every member reported', () => {
    const table = new DigestTable();
    const id = streamId('data', 'h1');
    table.update('h2', [pos('h1', 5)]);
    table.update('h3', [pos('h1', 3)]);
    expect(table.stable(id, 1, ['h2', 'h3'], 0)).toBe(3);
    table.update('h3', [pos('h1', 2)]); // an older report arriving late changes nothing
    expect(table.stable(id, 1, ['h2', 'h3'], 0)).toBe(3);
    // A member that never reported holds stability at the fallback; one that left does not.
    expect(table.stable(id, 1, ['h2', 'h3', 'h4'], 1)).toBe(1);
    table.forget('h3');
    expect(table.stable(id, 1, ['h2'], 0)).toBe(5);
    // Another incarnation's positions do not count.
    expect(table.position('h2', id, 2)).toBeUndefined();
  });

  it('frees own messages once acknowledged by all and older than the retention time', () => {
    const own = new SendStream<string>(1, true);
    for (let i = 0; i < 4; i++) own.append(`m${i}`, i * 10);
    expect(own.unstable).toBe(4);
    expect(own.release(3, 20, 15, 100)).toBe(1); // m0 (sent at 0) is old enough, m1 (10) not yet
    expect(own.unstable).toBe(1);
    expect([own.low, own.buffered]).toEqual([1, 3]);
    expect(own.release(3, 40, 15, 100)).toBe(2); // m1 and m2; m3 is not acknowledged yet
    expect([own.low, own.get(3)]).toEqual([3, 'm3']);
    // Past the memory bound, acknowledged messages go regardless of age.
    expect(own.release(4, 40, 1000, 0)).toBe(1);
    expect(own.buffered).toBe(0);
  });

  it('falls back when a newly known member lacks messages still kept', () => {
    const own = new SendStream<string>(1, true);
    for (let i = 0; i < 3; i++) own.append(`m${i}`, 0);
    own.release(3, 0, 100, 100);
    expect(own.unstable).toBe(0);
    own.release(1, 0, 100, 100);
    expect(own.unstable).toBe(2);
    expect([...own.overdue(0)].map((o) => o.seq)).toEqual([0, 1, 2]);
  });
});
