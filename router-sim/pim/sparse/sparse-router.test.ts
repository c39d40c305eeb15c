import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { SimPlane, simPacket } from '../../fib/sim-plane.js';
import type { Rpf } from '../../rib/rpf.js';
import { ALL_PIM_ROUTERS, type JoinPrune, type PimMessage } from '../../wire/pim/message.js';
import { pimTimers } from '../common/timers.js';
import { type JoinPruneEntry, joinPruneMessages } from './messages.js';
import { SparseModeRouter } from './sparse-router.js';
import { sparseTimers } from './timers.js';

const fast = pimTimers('fast');
const sparse = sparseTimers('fast');
const G = '239.1.2.3';
const RP = '10.9.9.9';
/** Towards the RP on vif 0. */
const UPSTREAM = '10.0.0.1';
const ME = ['10.0.0.2', '10.0.1.2', '10.0.2.2'];
const REGISTER_VIF = 3;
/** A source on vif 2, directly connected; a remote one behind vif 1. */
const LOCAL_S = '10.0.2.50';
const REMOTE_S = '10.5.0.10';

/** One router with three interfaces, the RP behind vif 0, and a register VIF. */
function router(rp = RP) {
  const clock = new VirtualClock();
  const sent: { at: number; vif: number; message: PimMessage; destination: string }[] = [];
  const unicast: { at: number; message: PimMessage; source: string; destination: string }[] = [];
  const transmitted: number[] = [];
  const plane = new SimPlane((vif) => transmitted.push(vif));
  ME.forEach((address, index) => {
    plane.addVif({ index, name: `eth${index}`, ifindex: index + 2, address });
  });
  plane.addVif({ index: REGISTER_VIF, name: 'pimreg', ifindex: 0, address: '0.0.0.0', register: true });
  const members = new Set<string>();
  const routes = new Map<string, Rpf>([
    [RP, { vif: 0, neighbor: UPSTREAM, metricPreference: 1, metric: 2 }],
    [REMOTE_S, { vif: 1, neighbor: '10.0.1.1', metricPreference: 1, metric: 3 }],
    [LOCAL_S, { vif: 2, neighbor: undefined, metricPreference: 0, metric: 0 }],
  ]);
  const pim = new SparseModeRouter({
    clock,
    timers: fast,
    sparse,
    random: seededRandom(3),
    interfaces: ME.map((address, vif) => ({ vif, address, prefixLength: 24 })),
    registerVif: REGISTER_VIF,
    rps: [{ address: rp, group: '239.0.0.0', maskLength: 8 }],
    sptThreshold: 'never',
    drPriority: 7,
    port: {
      send: (vif, message, destination) => sent.push({ at: clock.now(), vif, message, destination }),
      unicast: (message, source, destination) =>
        unicast.push({ at: clock.now(), message, source, destination }),
    },
    plane,
    rpf: (address) => routes.get(address),
    hasLocalMembers: (vif, group) => members.has(`${vif} ${group}`),
  });
  plane.onUpcall((upcall) => pim.onUpcall(upcall));
  pim.start();
  const hello = (vif: number, from: string) =>
    pim.receive(vif, { type: 'hello', options: { holdtime: 4, generationId: 1, drPriority: 1 } }, from);
  hello(0, UPSTREAM);
  const joinPrune = (vif: number, from: string, to: string, entries: Omit<JoinPruneEntry, 'group'>[]) => {
    const [message] = joinPruneMessages(
      to,
      11,
      entries.map((e) => ({ ...e, group: G })),
    );
    if (message) pim.receive(vif, message, from);
  };
  return {
    clock,
    plane,
    pim,
    sent,
    unicast,
    transmitted,
    routes,
    hello,
    joinPrune,
    member: (vif: number, present: boolean) => {
      if (present) members.add(`${vif} ${G}`);
      else members.delete(`${vif} ${G}`);
      pim.membershipChanged(vif, G, present);
    },
    joinPrunesSent: () =>
      sent
        .filter((s) => s.message.type === 'join-prune')
        .map((s) => {
          const m = s.message as JoinPrune;
          const entries = m.groups.flatMap((g) => [
            ...g.joins.map((j) => `+${j.wildcard ? '*' : j.rpt ? 'rpt' : 'sg'} ${j.address}`),
            ...g.prunes.map((p) => `-${p.wildcard ? '*' : p.rpt ? 'rpt' : 'sg'} ${p.address}`),
          ]);
          return `vif${s.vif}→${m.upstreamNeighbor}: ${entries.join(', ')}`;
        }),
    entry: (kind: string, source?: string) =>
      pim.state().entries.find((e) => e.kind === kind && (source === undefined || e.source === source)),
    /** Advances virtual time in steps, letting the router read the plane's counters. */
    run: async (ms: number) => {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(10);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}

describe('SparseModeRouter', () => {
  it('says hello with its DR Priority and elects DRs by it', async () => {
    const r = router();
    await r.run(1_000);
    const hello = r.sent.find((s) => s.message.type === 'hello' && s.vif === 1)?.message;
    expect(hello).toMatchObject({ options: { drPriority: 7 } });
    expect(r.pim.neighbors()[0]).toMatchObject({ vif: 0, dr: ME[0], neighbors: [{ address: UPSTREAM }] });
  });

  it('joins towards the RP for members where it is DR, and programs data from the RP tree', () => {
    const r = router();
    r.member(1, true);
    r.clock.advance(0);
    expect(r.joinPrunesSent()).toEqual([`vif0→${UPSTREAM}: +* ${RP}`]);
    expect(r.entry('(*,G)')).toMatchObject({
      upstream: 'Joined',
      rpfVif: 0,
      rpfNeighbor: UPSTREAM,
      olist: [1],
    });
    r.plane.receive(0, REMOTE_S, G, 100);
    expect(r.entry('(S,G)')).toMatchObject({ mroute: { iif: 0, oifs: [1] }, sptBit: false });
    expect(r.transmitted).toEqual([1]);
  });

  it('keeps a Join periodic, and prunes when the last member leaves', () => {
    const r = router();
    r.member(1, true);
    r.clock.advance(2 * sparse.joinPrunePeriod);
    r.member(1, false);
    r.clock.advance(0);
    expect(r.joinPrunesSent()).toEqual([
      `vif0→${UPSTREAM}: +* ${RP}`,
      `vif0→${UPSTREAM}: +* ${RP}`,
      `vif0→${UPSTREAM}: +* ${RP}`,
      `vif0→${UPSTREAM}: -* ${RP}`,
    ]);
    expect(r.pim.state().entries).toEqual([]);
  });

  it('ignores a Join(*,G) for another RP than RP(G)', () => {
    const r = router();
    r.joinPrune(1, '10.0.1.7', ME[1] ?? '', [{ kind: '(*,G)', address: '10.1.1.1', list: 'joins' }]);
    expect(r.pim.state().entries).toEqual([]);
  });

  it('reads a Join(*,G) with Prune(S,G,rpt) in one message as one: PruneTmp back to Prune, or NoInfo at its end', () => {
    const r = router();
    r.hello(1, '10.0.1.7');
    const wcJoin = { kind: '(*,G)' as const, address: RP, list: 'joins' as const };
    const rptPrune = { kind: '(S,G,rpt)' as const, address: REMOTE_S, list: 'prunes' as const };
    r.joinPrune(2, '10.0.2.7', ME[2] ?? '', [wcJoin]);
    r.joinPrune(1, '10.0.1.7', ME[1] ?? '', [wcJoin, rptPrune]);
    r.clock.advance(0);
    // Alone on vif 1: the Prune-Pending Timer is 0.
    expect(r.entry('(S,G,rpt)', REMOTE_S)).toMatchObject({
      olist: [2],
      downstream: [{ vif: 1, state: 'Prune' }],
    });
    r.joinPrune(1, '10.0.1.7', ME[1] ?? '', [wcJoin, rptPrune]);
    expect(r.entry('(S,G,rpt)', REMOTE_S)?.downstream).toEqual([
      expect.objectContaining({ vif: 1, state: 'Prune' }),
    ]);
    r.plane.receive(0, REMOTE_S, G, 100);
    expect(r.entry('(S,G)', REMOTE_S)?.mroute).toEqual({ iif: 0, oifs: [2] });
    // A Join(*,G) without the Prune: S comes back.
    r.joinPrune(1, '10.0.1.7', ME[1] ?? '', [wcJoin]);
    expect(r.entry('(S,G)', REMOTE_S)?.mroute).toEqual({ iif: 0, oifs: [1, 2] });
    expect(r.entry('(S,G,rpt)', REMOTE_S)).toBeUndefined();
  });

  it('overrides a neighbor’s Prune(S,G,rpt) on its RP tree while it still wants S from there', async () => {
    const r = router();
    r.member(1, true);
    r.hello(0, '10.0.0.9');
    r.clock.advance(0);
    r.sent.length = 0;
    r.joinPrune(0, '10.0.0.9', UPSTREAM, [
      { kind: '(*,G)', address: RP, list: 'joins' },
      { kind: '(S,G,rpt)', address: REMOTE_S, list: 'prunes' },
    ]);
    await r.run(fast.overrideInterval);
    expect(r.joinPrunesSent()).toEqual([`vif0→${UPSTREAM}: +rpt ${REMOTE_S}`]);
    // Its own Join(*,G) was due later: the one seen suppressed it.
    expect(r.entry('(*,G)')?.timers['Join Timer']).toBeGreaterThan(sparse.joinPrunePeriod);
  });

  it('registers a local source as its DR: data to the register VIF goes to the RP in Registers', () => {
    const r = router();
    r.plane.receive(2, LOCAL_S, G, 100);
    expect(r.entry('(S,G)', LOCAL_S)).toMatchObject({
      register: 'Join',
      mroute: { iif: 2, oifs: [REGISTER_VIF] },
    });
    expect(r.unicast).toEqual([
      {
        at: 0,
        message: { type: 'register', border: false, nullRegister: false, packet: simPacket(LOCAL_S, G, 100) },
        source: ME[0],
        destination: RP,
      },
    ]);
    // A Register-Stop for every source of G stops it.
    r.pim.receiveUnicast({ type: 'register-stop', group: G, source: '0.0.0.0' }, RP, ME[0] ?? '');
    expect(r.entry('(S,G)', LOCAL_S)).toMatchObject({ register: 'Prune', mroute: { iif: 2, oifs: [] } });
    r.plane.receive(2, LOCAL_S, G, 100);
    expect(r.unicast).toHaveLength(1);
  });

  it('does not register a local source where another router is DR', () => {
    const r = router();
    r.pim.receive(2, { type: 'hello', options: { holdtime: 4, generationId: 5, drPriority: 9 } }, '10.0.2.1');
    r.plane.receive(2, LOCAL_S, G, 100);
    expect(r.entry('(S,G)', LOCAL_S)).toMatchObject({ register: 'NoInfo', mroute: { iif: 2, oifs: [] } });
    expect(r.unicast).toEqual([]);
  });

  it('answers a Register for a group whose RP it is not with a Register-Stop', () => {
    const r = router();
    const packet = simPacket(REMOTE_S, G, 100);
    r.pim.receiveUnicast(
      { type: 'register', border: false, nullRegister: false, packet },
      '10.5.0.1',
      ME[1] ?? '',
    );
    expect(r.unicast).toEqual([
      {
        at: 0,
        message: { type: 'register-stop', source: REMOTE_S, group: G },
        source: ME[1],
        destination: '10.5.0.1',
      },
    ]);
  });

  it('as the RP, stops the Registers of a source nobody wants, and keeps the source for RP_Keepalive_Period', () => {
    const r = router(ME[1]);
    const packet = simPacket(REMOTE_S, G, 100);
    r.pim.receiveUnicast(
      { type: 'register', border: false, nullRegister: false, packet },
      '10.5.0.1',
      ME[1] ?? '',
    );
    expect(r.unicast.map((u) => u.message.type)).toEqual(['register-stop']);
    expect(r.entry('(S,G)', REMOTE_S)?.timers).toEqual({ 'Keepalive Timer': sparse.rpKeepalivePeriod });
    // A member appears: the RP joins the source's tree at once.
    r.member(2, true);
    r.clock.advance(0);
    expect(r.joinPrunesSent()).toEqual([`vif1→10.0.1.1: +sg ${REMOTE_S}`]);
    expect(r.entry('(*,G)')).toMatchObject({ rpfVif: REGISTER_VIF, rpfNeighbor: null, upstream: 'Joined' });
  });

  it('follows a new route to the RP: Join to the new RPF neighbor, Prune to the old', () => {
    const r = router();
    r.member(1, true);
    r.clock.advance(0);
    r.sent.length = 0;
    r.routes.set(RP, { vif: 2, neighbor: '10.0.2.1', metricPreference: 1, metric: 2 });
    r.pim.rpfChanged();
    r.clock.advance(0);
    expect(r.joinPrunesSent()).toEqual([`vif2→10.0.2.1: +* ${RP}`, `vif0→${UPSTREAM}: -* ${RP}`]);
  });

  it('ignores Asserts, and on stopping says goodbye and removes every forwarding entry', async () => {
    const r = router();
    r.member(1, true);
    r.plane.receive(0, REMOTE_S, G, 100);
    r.pim.receive(
      0,
      { type: 'assert', source: REMOTE_S, group: G, rptBit: false, metricPreference: 0, metric: 0 },
      UPSTREAM,
    );
    expect(r.entry('(S,G)', REMOTE_S)?.mroute).toEqual({ iif: 0, oifs: [1] });
    r.sent.length = 0;
    r.pim.stop();
    expect(await r.plane.routes()).toEqual([]);
    expect(r.sent.map((s) => [s.vif, s.message.type, s.destination])).toEqual([
      [0, 'hello', ALL_PIM_ROUTERS],
      [1, 'hello', ALL_PIM_ROUTERS],
      [2, 'hello', ALL_PIM_ROUTERS],
    ]);
    expect(r.sent[0]?.message).toMatchObject({ options: { holdtime: 0 } });
    expect(r.pim.state().entries).toEqual([]);
  });
});
