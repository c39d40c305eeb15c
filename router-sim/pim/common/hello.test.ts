import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import type { Hello } from '../../wire/pim/message.js';
import { HelloSender } from './hello.js';
import { pimTimers } from './timers.js';

const fast = pimTimers('fast');

function sender(seed = 1) {
  const clock = new VirtualClock();
  const hellos: { at: number; hello: Hello }[] = [];
  const hello = new HelloSender({
    clock,
    random: seededRandom(seed),
    timers: fast,
    options: { stateRefresh: { version: 1, intervalSeconds: 60 } },
    send: (h) => hellos.push({ at: clock.now(), hello: h }),
  });
  return { clock, hello, hellos, times: () => hellos.map((h) => h.at) };
}

describe('Hellos of an interface (RFC 3973 §4.3.1)', () => {
  it('sends the first within Triggered_Hello_Delay of starting, then every Hello_Period', () => {
    const s = sender();
    s.hello.start();
    s.clock.advance(fast.triggeredHelloDelay);
    expect(s.hellos).toHaveLength(1);
    const first = s.times()[0] ?? 0;
    s.clock.advance(3 * fast.helloPeriod);
    expect(s.times()).toEqual([0, 1, 2, 3].map((n) => first + n * fast.helloPeriod));
    expect(s.hellos[0]?.hello).toEqual({
      type: 'hello',
      options: {
        holdtime: fast.helloHoldtimeSeconds,
        generationId: s.hello.generationId,
        stateRefresh: { version: 1, intervalSeconds: 60 },
      },
    });
  });

  it('draws startup delays and Generation IDs from its random source', () => {
    const starts = [1, 2, 3, 4, 5].map((seed) => {
      const s = sender(seed);
      s.hello.start();
      s.clock.advance(fast.triggeredHelloDelay);
      return { at: s.times()[0], generationId: s.hello.generationId };
    });
    expect(new Set(starts.map((s) => s.at)).size).toBe(5);
    expect(new Set(starts.map((s) => s.generationId)).size).toBe(5);
    for (const s of starts) expect(s.generationId).toBeLessThan(2 ** 32);
  });

  it('answers a new neighbor within Triggered_Hello_Delay, unless a Hello is due sooner', () => {
    const s = sender();
    s.hello.start();
    s.clock.advance(fast.triggeredHelloDelay);
    const first = s.times()[0] ?? 0;
    // Right after a Hello: the next periodic one is far, a triggered one comes first.
    s.hello.triggered();
    s.clock.advance(fast.triggeredHelloDelay);
    expect(s.hellos).toHaveLength(2);
    const triggered = s.times()[1] ?? 0;
    expect(triggered).toBeLessThan(first + fast.helloPeriod);
    // The periodic schedule starts over from the triggered Hello.
    s.clock.advance(fast.helloPeriod);
    expect(s.times()[2]).toBe(triggered + fast.helloPeriod);
    // Just before the next periodic Hello, a trigger changes nothing.
    const next = (s.times()[2] ?? 0) + fast.helloPeriod;
    s.clock.advance(next - 1 - s.clock.now());
    s.hello.triggered();
    s.clock.advance(1);
    expect(s.times().slice(3)).toEqual([next]);
  });

  it('says goodbye with Holdtime 0 on stopping, then nothing more; a restart has a new Generation ID', () => {
    const s = sender();
    s.hello.start();
    const generationId = s.hello.generationId;
    s.clock.advance(fast.helloPeriod);
    s.hello.stop();
    expect(s.hellos.at(-1)?.hello.options).toMatchObject({ holdtime: 0, generationId });
    const count = s.hellos.length;
    s.clock.advance(10 * fast.helloPeriod);
    s.hello.triggered();
    s.hello.stop();
    expect(s.hellos).toHaveLength(count);
    s.hello.start();
    expect(s.hello.generationId).not.toBe(generationId);
  });
});
