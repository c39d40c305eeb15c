import { describe, expect, it } from 'vitest';
import { SimLan } from './lan.js';
import { seededRandom } from './random.js';
import { VirtualClock } from './virtual-clock.js';

describe('virtual clock', () => {
  it('fires timers in time order, then creation order, only when advanced', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push('b'));
    clock.setTimer(10, () => fired.push('a1'));
    clock.setTimer(10, () => fired.push('a2'));
    const cancelled = clock.setTimer(15, () => fired.push('never'));
    cancelled.cancel();
    expect(fired).toEqual([]);
    clock.advance(15);
    expect(fired).toEqual(['a1', 'a2']);
    expect(clock.now()).toBe(15);
    clock.advance(5);
    expect(fired).toEqual(['a1', 'a2', 'b']);
    expect(clock.scheduled).toBe(0);
  });

  it('runs timers set by timers within the same advance, at their own times', () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    clock.setTimer(10, () => {
      at.push(clock.now());
      clock.setTimer(10, () => at.push(clock.now()));
    });
    clock.advance(100);
    expect(at).toEqual([10, 20]);
  });
});

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const draw = (r: ReturnType<typeof seededRandom>) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('simulated LAN', () => {
  const run = (impairments: ConstructorParameters<typeof SimLan>[2], seed = 1) => {
    const clock = new VirtualClock();
    const lan = new SimLan<number>(clock, seededRandom(seed), impairments);
    const heard: { to: string; frame: number; from: string }[] = [];
    const a = lan.attach('a', () => {});
    lan.attach('b', (frame, from) => heard.push({ to: 'b', frame, from }));
    lan.attach('c', (frame, from) => heard.push({ to: 'c', frame, from }));
    for (let i = 0; i < 1000; i++) a.send(i);
    clock.advance(1000);
    return { heard, lan };
  };

  it('delivers every frame to every other port, in order, without impairments', () => {
    const { heard } = run({});
    expect(heard.filter((h) => h.to === 'b').map((h) => h.frame)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(heard.every((h) => h.from === 'a')).toBe(true);
  });

  it('loses, duplicates and reorders at about the asked rates, the same way for the same seed', () => {
    const { heard, lan } = run({ loss: 0.1, duplicate: 0.1, reorder: 0.5, jitterMs: 50 });
    const toB = heard.filter((h) => h.to === 'b').map((h) => h.frame);
    expect(lan.dropped).toBeGreaterThan(150);
    expect(lan.dropped).toBeLessThan(250);
    expect(toB.length - new Set(toB).size).toBeGreaterThan(50); // duplicates
    expect(toB.some((frame, i) => i > 0 && frame < (toB[i - 1] ?? 0))).toBe(true); // reordering
    expect(run({ loss: 0.1, duplicate: 0.1, reorder: 0.5, jitterMs: 50 }).heard).toEqual(heard);
  });

  it('stops delivering to a detached port', () => {
    const clock = new VirtualClock();
    const lan = new SimLan<string>(clock, seededRandom(1));
    const heard: string[] = [];
    const a = lan.attach('a', () => {});
    const b = lan.attach('b', (frame) => heard.push(frame));
    a.send('before');
    b.detach();
    clock.advance(100);
    expect(heard).toEqual([]);
  });
});
