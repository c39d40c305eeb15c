import { describe, expect, it } from 'vitest';
import type { MrouteView } from '../../common/router-views.js';
import { describeMroute, describeStatus, type RouterStatus } from './router.js';

const status: RouterStatus = {
  node: 'r1',
  lab: 'demo',
  pim: 'sparse',
  profile: 'fast',
  igmpVersion: 3,
  multicastRouting: true,
  forwardingPlane: 'nftables',
  ipForwarding: true,
  uptimeMs: 12_345,
  interfaces: [
    { name: 'eth0', vif: 0, network: 'lan1', address: '10.1.1.2', prefixLength: 24 },
    { name: 'eth1', vif: 1, network: 'lan2', address: '10.1.2.2', prefixLength: 24 },
  ],
};

const entry = (plane: MrouteView['plane']): MrouteView => ({
  source: '10.1.1.20',
  group: '239.1.1.1',
  iif: 'eth0',
  oifs: ['eth1'],
  packets: 100,
  bytes: 51_200,
  wrongIf: 0,
  plane,
});

describe('router status as text', () => {
  it('names the forwarding plane next to what the router runs', () => {
    expect(describeStatus(status).split('\n')).toEqual([
      'router             r1 of lab demo, up 12.3s',
      'multicast routing  router-sim: IGMPv3, PIM sparse mode, fast timers',
      'forwarding plane   nftables',
      'IP forwarding      on',
      '',
      'INTERFACE  VIF  NETWORK  ADDRESS',
      'eth0       0    lan1     10.1.1.2/24',
      'eth1       1    lan2     10.1.2.2/24',
    ]);
  });

  it('says none without multicast routing, and unknown when the router does not say', () => {
    const none = describeStatus({ ...status, multicastRouting: false, forwardingPlane: null });
    expect(none).toContain('multicast routing  none (multicast: none in the topology)');
    expect(none).toContain('forwarding plane   none');
    const { forwardingPlane: _, ...older } = status;
    expect(describeStatus({ ...older, pim: 'none' })).toContain(
      'router-sim: IGMPv3, fast timers\nforwarding plane   unknown',
    );
  });
});

describe('show mroute as text', () => {
  it('heads the entries with the plane holding them', () => {
    const [first, heading, row] = describeMroute([entry('kernel-mroute')], 'unknown').split('\n');
    expect(first).toBe('forwarding plane: kernel-mroute');
    expect(heading).toMatch(/^SOURCE\s+GROUP\s+IIF\s+OIFS\s+PACKETS\s+BYTES\s+PIM$/);
    expect(row).toMatch(/^10\.1\.1\.20\s+239\.1\.1\.1\s+eth0\s+eth1\s+100\s+51200$/);
  });

  it("names the router's plane when there are no entries", () => {
    expect(describeMroute([], 'nftables').split('\n')[0]).toBe('forwarding plane: nftables');
  });
});
