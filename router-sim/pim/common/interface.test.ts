import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import type { PimMessage } from '../../wire/pim/message.js';
import { PimInterface } from './interface.js';
import { pimTimers } from './timers.js';

const fast = pimTimers('fast');

function pimInterface() {
  const clock = new VirtualClock();
  const sent: { at: number; vif: number; message: PimMessage; destination: string }[] = [];
  const events: string[] = [];
  const pim = new PimInterface({
    clock,
    random: seededRandom(5),
    timers: fast,
    vif: 2,
    address: '10.0.2.1',
    port: { send: (vif, message, destination) => sent.push({ at: clock.now(), vif, message, destination }) },
    helloOptions: { drPriority: 5 },
    events: {
      neighborUp: (n) => events.push(`up ${n.address}`),
      neighborDown: (address) => events.push(`down ${address}`),
      neighborRestarted: (n) => events.push(`restarted ${n.address}`),
    },
  });
  return { clock, pim, sent, events };
}

describe('PIM on one interface', () => {
  it('sends Hellos with its options to ALL-PIM-ROUTERS', () => {
    const { clock, pim, sent } = pimInterface();
    pim.start();
    clock.advance(fast.triggeredHelloDelay);
    expect(sent).toEqual([
      {
        at: expect.any(Number),
        vif: 2,
        destination: '224.0.0.13',
        message: {
          type: 'hello',
          options: {
            holdtime: fast.helloHoldtimeSeconds,
            generationId: pim.generationId,
            lanPruneDelay: { tBit: false, propagationDelayMs: 100, overrideIntervalMs: 500 },
            drPriority: 5,
          },
        },
      },
    ]);
  });

  it('answers a new or restarted neighbor with a Hello within Triggered_Hello_Delay', () => {
    const { clock, pim, sent, events } = pimInterface();
    pim.start();
    clock.advance(fast.triggeredHelloDelay);
    sent.length = 0;
    pim.helloHeard('10.0.2.7', { holdtime: 4, generationId: 1 });
    clock.advance(fast.triggeredHelloDelay);
    expect(sent).toHaveLength(1);
    clock.advance(fast.helloPeriod - fast.triggeredHelloDelay);
    pim.helloHeard('10.0.2.7', { holdtime: 4, generationId: 2 });
    const before = sent.length;
    clock.advance(fast.triggeredHelloDelay);
    expect(sent.length).toBe(before + 1);
    expect(events).toEqual(['up 10.0.2.7', 'restarted 10.0.2.7']);
  });

  it('derives J/P_Override_Interval from the neighbors, elects the DR, and reports -1 for neighbors that never expire', () => {
    const { pim } = pimInterface();
    pim.start();
    expect(pim.joinPruneOverrideInterval()).toBe(600);
    pim.helloHeard('10.0.2.7', {
      holdtime: 0xffff,
      drPriority: 9,
      lanPruneDelay: { tBit: false, propagationDelayMs: 300, overrideIntervalMs: 2_000 },
    });
    expect(pim.joinPruneOverrideInterval()).toBe(2_300);
    expect(pim.snapshot()).toEqual({
      vif: 2,
      address: '10.0.2.1',
      neighbors: [{ address: '10.0.2.7', expiresInMs: -1, drPriority: 9 }],
      dr: '10.0.2.7',
    });
  });

  it('says goodbye and forgets its neighbors when stopped', () => {
    const { clock, pim, sent, events } = pimInterface();
    pim.start();
    pim.helloHeard('10.0.2.7', { holdtime: 4 });
    pim.stop();
    expect(sent.at(-1)?.message).toMatchObject({ type: 'hello', options: { holdtime: 0 } });
    expect(pim.snapshot().neighbors).toEqual([]);
    clock.advance(10_000);
    expect(events).toEqual(['up 10.0.2.7']);
  });
});
