import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { SimPlane } from '../../fib/sim-plane.js';
import type { Rpf } from '../../rib/rpf.js';
import { ALL_PIM_ROUTERS, type PimMessage } from '../../wire/pim/message.js';
import { pimTimers } from '../common/timers.js';
import { DenseModeRouter } from './dense-router.js';
import { graft, join, prune } from './messages.js';

const fast = pimTimers('fast');
const S = '10.9.0.10';
const G = '239.1.2.3';
const UPSTREAM = '10.0.0.1';

/** One router with three interfaces, its RPF neighbor for S on vif 0, and neighbors as the test says. */
function router() {
  const clock = new VirtualClock();
  const sent: { at: number; vif: number; message: PimMessage; destination: string }[] = [];
  const transmitted: number[] = [];
  const plane = new SimPlane((vif) => transmitted.push(vif));
  const addresses = ['10.0.0.2', '10.0.1.2', '10.0.2.2'];
  addresses.forEach((address, index) => {
    plane.addVif({ index, name: `eth${index}`, ifindex: index + 2, address });
  });
  const members = new Set<string>();
  let route: Rpf | undefined = { vif: 0, neighbor: UPSTREAM, metricPreference: 1, metric: 2 };
  const dense = new DenseModeRouter({
    clock,
    timers: fast,
    random: seededRandom(3),
    interfaces: addresses.map((address, vif) => ({ vif, address, prefixLength: 24 })),
    port: { send: (vif, message, destination) => sent.push({ at: clock.now(), vif, message, destination }) },
    plane,
    rpf: (source) => (source === S ? route : undefined),
    hasLocalMembers: (vif, group) => members.has(`${vif} ${group}`),
  });
  plane.onUpcall((upcall) => dense.onUpcall(upcall));
  dense.start();
  const hello = (vif: number, from: string) =>
    dense.receive(vif, { type: 'hello', options: { holdtime: 4, generationId: 1 } }, from);
  hello(0, UPSTREAM);
  return {
    clock,
    plane,
    dense,
    sent,
    transmitted,
    hello,
    member: (vif: number, present: boolean) => {
      if (present) members.add(`${vif} ${G}`);
      else members.delete(`${vif} ${G}`);
      dense.membershipChanged(vif, G, present);
    },
    setRoute: (rpf: Rpf | undefined) => {
      route = rpf;
      dense.rpfChanged();
    },
    /** Advances virtual time in steps, letting the router read the plane's counters. */
    run: async (ms: number) => {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(10);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    sentOf: (type: PimMessage['type']) => sent.filter((s) => s.message.type === type),
  };
}

describe('DenseModeRouter', () => {
  it('makes (S,G) state on NOCACHE and floods to interfaces with neighbors or members, never the RPF one', async () => {
    const r = router();
    r.hello(1, '10.0.1.3');
    r.member(2, true);
    r.plane.receive(0, S, G, 100);
    expect(await r.plane.routes()).toEqual([
      expect.objectContaining({ source: S, group: G, iif: 0, oifs: [1, 2] }),
    ]);
    expect(r.transmitted).toEqual([1, 2]);
    expect(r.dense.state()).toEqual([
      expect.objectContaining({
        rpfVif: 0,
        rpfNeighbor: UPSTREAM,
        upstream: expect.objectContaining({ state: 'Forwarding' }),
      }),
    ]);
    // Membership follows: the member leaves, then the neighbor's interface is all that is left.
    r.member(2, false);
    expect((await r.plane.routes())[0]?.oifs).toEqual([1]);
  });

  it('prunes at once when no one wants the first packet, and programs an entry without oifs', async () => {
    const r = router();
    r.plane.receive(0, S, G, 100);
    expect((await r.plane.routes())[0]?.oifs).toEqual([]);
    expect(r.sent.filter((s) => s.message.type === 'join-prune')).toEqual([
      {
        at: 0,
        vif: 0,
        message: prune({ source: S, group: G }, UPSTREAM, fast.pruneHoldtimeSeconds),
        destination: ALL_PIM_ROUTERS,
      },
    ]);
  });

  it('asserts when data arrives on an outgoing interface (WRONGVIF), and only there', () => {
    const r = router();
    r.hello(1, '10.0.1.3');
    r.plane.receive(0, S, G, 100);
    r.plane.receive(2, S, G, 100);
    expect(r.sentOf('assert')).toEqual([]);
    r.plane.receive(1, S, G, 100);
    expect(r.sentOf('assert')).toEqual([
      {
        at: 0,
        vif: 1,
        message: { type: 'assert', source: S, group: G, rptBit: false, metricPreference: 1, metric: 2 },
        destination: ALL_PIM_ROUTERS,
      },
    ]);
  });

  it('answers a Graft for an (S,G) it has no state for, unicast to the grafter', () => {
    const r = router();
    r.dense.receive(1, graft({ source: S, group: G }, '10.0.1.2'), '10.0.1.3');
    r.dense.receive(1, graft({ source: S, group: G }, '10.0.1.9'), '10.0.1.3');
    expect(r.sentOf('graft-ack').map((s) => [s.vif, s.destination, s.message])).toEqual([
      [1, '10.0.1.3', expect.objectContaining({ upstreamNeighbor: '10.0.1.3' })],
    ]);
  });

  it('makes state from a Prune to its RPF neighbor, and overrides it when it wants the data', async () => {
    const r = router();
    r.member(2, true);
    r.hello(0, '10.0.0.3');
    r.dense.receive(0, prune({ source: S, group: G }, UPSTREAM, 10), '10.0.0.3');
    await r.run(fast.overrideInterval);
    expect(r.sentOf('join-prune').map((s) => s.message)).toEqual([
      join({ source: S, group: G }, UPSTREAM, 10),
    ]);
    // A Prune to some other router makes nothing.
    r.dense.receive(0, prune({ source: '10.9.0.11', group: G }, '10.0.0.3', 10), '10.0.0.4');
    expect(r.dense.state()).toHaveLength(1);
  });

  it('ignores messages from its own address, on unknown interfaces, and while stopped', () => {
    const r = router();
    r.dense.receive(1, { type: 'hello', options: { holdtime: 4 } }, '10.0.1.2');
    r.dense.receive(7, { type: 'hello', options: { holdtime: 4 } }, '10.0.7.3');
    expect(r.dense.neighbors().map((i) => i.neighbors.length)).toEqual([1, 0, 0]);
    r.dense.stop();
    r.dense.receive(1, { type: 'hello', options: { holdtime: 4 } }, '10.0.1.3');
    r.plane.receive(0, S, G, 100);
    expect(r.dense.state()).toEqual([]);
  });

  it('follows a new route to S: the old RPF interface becomes downstream, and no route removes the state', async () => {
    const r = router();
    r.hello(1, '10.0.1.3');
    r.plane.receive(0, S, G, 100);
    r.setRoute({ vif: 1, neighbor: '10.0.1.3', metricPreference: 1, metric: 1 });
    expect(await r.plane.routes()).toEqual([expect.objectContaining({ iif: 1, oifs: [0] })]);
    // The new RPF neighbor is grafted to, as RPF'(S) changed with a non-empty olist.
    expect(r.sentOf('graft').map((s) => [s.vif, s.destination])).toEqual([[1, '10.0.1.3']]);
    expect(r.dense.state()[0]).toMatchObject({
      rpfVif: 1,
      rpfNeighbor: '10.0.1.3',
      upstream: { state: 'AckPending' },
    });
    r.setRoute(undefined);
    expect(r.dense.state()).toEqual([]);
    expect(await r.plane.routes()).toEqual([]);
  });

  it('keeps (S,G) state while data flows and removes it SourceLifetime after the last packet', async () => {
    const r = router();
    r.hello(1, '10.0.1.3');
    for (let t = 0; t < 2 * fast.sourceLifetime; t += 1_000) {
      r.plane.receive(0, S, G, 100);
      await r.run(1_000);
    }
    expect(r.dense.state()).toHaveLength(1);
    // The last packet came a second ago, and was seen at the next read of the counters.
    await r.run(fast.sourceLifetime - 1_000 - fast.dataPollInterval);
    expect(r.dense.state()).toHaveLength(1);
    await r.run(3 * fast.dataPollInterval);
    expect(r.dense.state()).toEqual([]);
    expect(await r.plane.routes()).toEqual([]);
  });

  it('says goodbye on every interface and removes its entries when stopped', async () => {
    const r = router();
    r.plane.receive(0, S, G, 100);
    await r.run(1_000);
    r.dense.stop();
    const goodbyes = r
      .sentOf('hello')
      .filter((s) => s.message.type === 'hello' && s.message.options.holdtime === 0);
    expect(goodbyes.map((s) => s.vif)).toEqual([0, 1, 2]);
    expect(await r.plane.routes()).toEqual([]);
    const count = r.sent.length;
    await r.run(10 * fast.helloPeriod);
    expect(r.sent).toHaveLength(count);
  });

  it('reports neighbors, DR and (S,G) state as plain JSON', async () => {
    const r = router();
    r.hello(1, '10.0.1.3');
    r.member(2, true);
    r.plane.receive(0, S, G, 100);
    await r.run(500);
    const neighbors = r.dense.neighbors();
    expect(JSON.parse(JSON.stringify(neighbors))).toEqual(neighbors);
    expect(neighbors).toEqual([
      {
        vif: 0,
        address: '10.0.0.2',
        neighbors: [{ address: UPSTREAM, expiresInMs: 3_500, generationId: 1 }],
        dr: '10.0.0.2',
      },
      {
        vif: 1,
        address: '10.0.1.2',
        neighbors: [{ address: '10.0.1.3', expiresInMs: 3_500, generationId: 1 }],
        dr: '10.0.1.3',
      },
      { vif: 2, address: '10.0.2.2', neighbors: [], dr: '10.0.2.2' },
    ]);
    const state = r.dense.state();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state).toEqual([
      {
        source: S,
        group: G,
        rpfVif: 0,
        rpfNeighbor: UPSTREAM,
        upstream: { state: 'Forwarding', assertState: 'NoInfo', timers: {} },
        downstream: [
          { vif: 1, pruneState: 'NoInfo', assertState: 'NoInfo', timers: {} },
          { vif: 2, pruneState: 'NoInfo', assertState: 'NoInfo', timers: {} },
        ],
        oifs: [1, 2],
      },
    ]);
  });
});
