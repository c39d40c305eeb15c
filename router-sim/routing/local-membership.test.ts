import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { SimPlane } from '../fib/sim-plane.js';
import { LocalMembershipRouting } from './local-membership.js';
import { Membership } from './membership.js';

const S = '10.0.1.10';
const G = '239.1.2.3';

function router() {
  const clock = new VirtualClock();
  const sent: number[] = [];
  const plane = new SimPlane((vif) => sent.push(vif));
  for (const index of [0, 1, 2])
    plane.addVif({ index, name: `eth${index}`, ifindex: index + 2, address: `10.0.${index}.1` });
  const membership = new Membership();
  const routing = new LocalMembershipRouting(clock, plane, membership, 10_000, (error) => {
    throw error;
  });
  plane.onUpcall((upcall) => routing.onUpcall(upcall));
  routing.start();
  /** What the daemon does on an IGMP membership change: record it, then tell the routing. */
  const members = (vif: number, group: string, hasMembers: boolean) => {
    membership.set(vif, group, hasMembers);
    routing.membershipChanged(vif, group);
  };
  return { clock, plane, members, sent };
}

describe('routing from IGMP membership (pim: none)', () => {
  it('forwards the first packet and the rest to member interfaces only, never back to the iif', async () => {
    const { plane, members, sent } = router();
    members(1, G, true);
    members(0, G, true);
    for (let i = 0; i < 5; i++) plane.receive(0, S, G, 100);
    expect(sent).toEqual([1, 1, 1, 1, 1]);
    expect(await plane.routes()).toEqual([
      expect.objectContaining({ source: S, group: G, iif: 0, oifs: [1], packets: 5 }),
    ]);
  });

  it('installs an entry with no oifs for a group without members, then adds oifs when members appear', async () => {
    const { plane, members, sent } = router();
    plane.receive(0, S, G, 100);
    expect(sent).toEqual([]);
    expect((await plane.routes())[0]?.oifs).toEqual([]);
    members(2, G, true);
    plane.receive(0, S, G, 100);
    expect(sent).toEqual([2]);
    members(2, G, false);
    plane.receive(0, S, G, 100);
    expect(sent).toEqual([2]);
  });

  it('only reprograms entries of the group whose membership changed', async () => {
    const { plane, members } = router();
    plane.receive(0, S, G, 100);
    plane.receive(0, S, '239.9.9.9', 100);
    members(1, G, true);
    const routes = await plane.routes();
    expect(routes.find((r) => r.group === G)?.oifs).toEqual([1]);
    expect(routes.find((r) => r.group === '239.9.9.9')?.oifs).toEqual([]);
  });

  it('removes entries that carried nothing for the idle interval and keeps busy ones', async () => {
    const { clock, plane } = router();
    plane.receive(0, S, G, 100);
    plane.receive(0, '10.0.1.11', G, 100);
    clock.advance(10_000); // first check records the counters
    await new Promise((r) => setImmediate(r));
    plane.receive(0, S, G, 100);
    clock.advance(10_000);
    await new Promise((r) => setImmediate(r));
    expect((await plane.routes()).map((r) => r.source)).toEqual([S]);
  });
});
