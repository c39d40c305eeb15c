import { describe, expect, it } from 'vitest';
import { SimLan } from '../../common/sim/lan.js';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { type IgmpFrame, type LanRouter, lanRouter } from './test-support.js';
import { igmpTimers } from './timers.js';

const fast = igmpTimers('fast');

function lan(seed = 1) {
  const clock = new VirtualClock();
  return { clock, lan: new SimLan<IgmpFrame>(clock, seededRandom(seed)) };
}

const queriers = (routers: LanRouter[]) =>
  routers.map((r) => r.router.snapshot()).flatMap((s) => (s.querier ? [s.address] : []));

describe('querier election on a LAN', () => {
  it('elects the lower of two routers, which alone keeps querying', () => {
    const { clock, lan: net } = lan();
    const routers = ['10.0.0.2', '10.0.0.1'].map((address) => lanRouter(net, clock, address, fast));
    clock.advance(60_000);
    expect(queriers(routers)).toEqual(['10.0.0.1']);
    const [high, low] = routers;
    expect(high?.router.snapshot()).toMatchObject({ querierAddress: '10.0.0.1', querier: false });
    // The higher router's first startup query, before it heard the lower one; nothing since.
    expect(high?.sent.map((s) => s.at)).toEqual([0]);
    expect(low?.sent.map((s) => s.at)).toEqual([
      0, 1_250, 6_250, 11_250, 16_250, 21_250, 26_250, 31_250, 36_250, 41_250, 46_250, 51_250, 56_250,
    ]);
  });

  it('elects the lowest of three whatever the order they start in', () => {
    const { clock, lan: net } = lan();
    const routers: LanRouter[] = [];
    for (const address of ['10.0.0.3', '10.0.0.2', '10.0.0.1']) {
      routers.push(lanRouter(net, clock, address, fast));
      clock.advance(2_000);
    }
    clock.advance(20_000);
    expect(queriers(routers)).toEqual(['10.0.0.1']);
    for (const r of routers.slice(0, 2)) expect(r.router.snapshot().querierAddress).toBe('10.0.0.1');
  });

  it('hands over to the next lowest within Other Querier Present Interval when the querier dies', () => {
    const { clock, lan: net } = lan();
    const [r1, r2, r3] = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((address) =>
      lanRouter(net, clock, address, fast),
    );
    if (!r1 || !r2 || !r3) throw new Error('three routers');
    clock.advance(30_000);
    const crashedAt = clock.now();
    r1.crash();

    clock.advance(fast.otherQuerierPresentInterval);
    expect(r2.router.snapshot().querier).toBe(true);
    const takeover = r2.sent.find((s) => s.at > crashedAt);
    expect(takeover?.destination).toBe('224.0.0.1');
    expect((takeover?.at ?? Number.POSITIVE_INFINITY) - crashedAt).toBeLessThanOrEqual(
      fast.otherQuerierPresentInterval,
    );

    // r3's timer ran out at the same moment; r2's first query silences it for good.
    clock.advance(100);
    expect(queriers([r2, r3])).toEqual(['10.0.0.2']);
    expect(r3.router.snapshot().querierAddress).toBe('10.0.0.2');
    const r3Sent = r3.sent.length;
    clock.advance(60_000);
    expect(r3.sent.length).toBe(r3Sent);
    expect(queriers([r2, r3])).toEqual(['10.0.0.2']);
  });

  it('takes the querier role back when a lower router comes up', () => {
    const { clock, lan: net } = lan();
    const r2 = lanRouter(net, clock, '10.0.0.2', fast);
    clock.advance(20_000);
    expect(queriers([r2])).toEqual(['10.0.0.2']);
    const r1 = lanRouter(net, clock, '10.0.0.1', fast);
    clock.advance(10);
    expect(queriers([r1, r2])).toEqual(['10.0.0.1']);
  });
});
