import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import type { HelloOptions } from '../../wire/pim/message.js';
import { effectiveLanPruneDelay, type Neighbor, NeighborTable } from './neighbors.js';

function table() {
  const clock = new VirtualClock();
  const events: string[] = [];
  const neighbors = new NeighborTable({
    clock,
    defaultHoldtimeSeconds: 105,
    events: {
      neighborUp: (n) => events.push(`up ${n.address}@${clock.now()}`),
      neighborDown: (address) => events.push(`down ${address}@${clock.now()}`),
      neighborRestarted: (n) => events.push(`restarted ${n.address}@${clock.now()}`),
    },
  });
  return { clock, neighbors, events };
}

const hello = (options: HelloOptions = {}): HelloOptions => ({ holdtime: 4, generationId: 1, ...options });

describe('PIM neighbors of an interface (RFC 3973 §4.3)', () => {
  it('keeps a neighbor for the Holdtime of its last Hello', () => {
    const { clock, neighbors, events } = table();
    neighbors.helloHeard('10.0.0.2', hello());
    clock.advance(3_000);
    neighbors.helloHeard('10.0.0.2', hello());
    expect(neighbors.get('10.0.0.2')?.expiresAt).toBe(7_000);
    clock.advance(3_999);
    expect(neighbors.size).toBe(1);
    clock.advance(1);
    expect(neighbors.size).toBe(0);
    expect(events).toEqual(['up 10.0.0.2@0', 'down 10.0.0.2@7000']);
  });

  it('forgets a neighbor at once on a goodbye (Holdtime 0), and ignores one from a stranger', () => {
    const { neighbors, events } = table();
    neighbors.helloHeard('10.0.0.9', hello({ holdtime: 0 }));
    neighbors.helloHeard('10.0.0.2', hello());
    neighbors.helloHeard('10.0.0.2', hello({ holdtime: 0 }));
    expect(neighbors.list()).toEqual([]);
    expect(events).toEqual(['up 10.0.0.2@0', 'down 10.0.0.2@0']);
  });

  it('keeps a neighbor with Holdtime 0xffff forever, and uses Default_Hello_Holdtime without the option', () => {
    const { clock, neighbors } = table();
    neighbors.helloHeard('10.0.0.2', hello({ holdtime: 0xffff }));
    neighbors.helloHeard('10.0.0.3', { generationId: 5 });
    expect(neighbors.get('10.0.0.2')?.expiresAt).toBeUndefined();
    clock.advance(104_999);
    expect(neighbors.list().map((n) => n.address)).toEqual(['10.0.0.2', '10.0.0.3']);
    clock.advance(1);
    expect(neighbors.list().map((n) => n.address)).toEqual(['10.0.0.2']);
  });

  it('reports a restart when the Generation ID changes, and only then', () => {
    const { neighbors, events } = table();
    neighbors.helloHeard('10.0.0.2', hello({ generationId: 1 }));
    neighbors.helloHeard('10.0.0.2', hello({ generationId: 1 }));
    neighbors.helloHeard('10.0.0.2', hello({ generationId: 2 }));
    neighbors.helloHeard('10.0.0.2', hello({ generationId: undefined }));
    neighbors.helloHeard('10.0.0.2', hello({ generationId: 3 }));
    expect(events).toEqual(['up 10.0.0.2@0', 'restarted 10.0.0.2@0']);
    expect(neighbors.get('10.0.0.2')?.generationId).toBe(3);
  });

  it('records the options of the last Hello', () => {
    const { neighbors } = table();
    neighbors.helloHeard(
      '10.0.0.2',
      hello({
        drPriority: 7,
        lanPruneDelay: { tBit: false, propagationDelayMs: 100, overrideIntervalMs: 500 },
        stateRefresh: { version: 1, intervalSeconds: 60 },
      }),
    );
    expect(neighbors.get('10.0.0.2')).toEqual({
      address: '10.0.0.2',
      generationId: 1,
      drPriority: 7,
      lanPruneDelay: { propagationDelayMs: 100, overrideIntervalMs: 500 },
      stateRefreshCapable: true,
      expiresAt: 4_000,
    });
  });

  it('clears without reporting anyone gone', () => {
    const { clock, neighbors, events } = table();
    neighbors.helloHeard('10.0.0.2', hello());
    neighbors.clear();
    clock.advance(10_000);
    expect(events).toEqual(['up 10.0.0.2@0']);
  });
});

describe('effective LAN Prune Delay (RFC 3973 §4.3.5)', () => {
  const own = { propagationDelay: 100, overrideInterval: 500 };
  const neighbor = (lanPruneDelay?: Neighbor['lanPruneDelay']): Neighbor => ({
    address: '10.0.0.2',
    generationId: 1,
    drPriority: undefined,
    lanPruneDelay,
    stateRefreshCapable: false,
    expiresAt: 0,
  });

  it('takes the largest values when every neighbor sends the option', () => {
    const neighbors = [
      neighbor({ propagationDelayMs: 300, overrideIntervalMs: 200 }),
      neighbor({ propagationDelayMs: 50, overrideIntervalMs: 900 }),
    ];
    expect(effectiveLanPruneDelay(own, neighbors)).toEqual({ propagationDelay: 300, overrideInterval: 900 });
  });

  it("keeps the router's own values when a neighbor does not send it, or there are none", () => {
    const neighbors = [neighbor({ propagationDelayMs: 300, overrideIntervalMs: 2_000 }), neighbor()];
    expect(effectiveLanPruneDelay(own, neighbors)).toEqual(own);
    expect(effectiveLanPruneDelay(own, [])).toEqual(own);
  });
});
