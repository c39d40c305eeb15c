import { describe, expect, it } from 'vitest';
import { lookupRoute, parseRouteTable } from './route-table.js';
import { RpfResolver } from './rpf-resolver.js';

// As a router container of the one-router lab prints it, plus a static route and a default.
const TABLE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t0000640A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth1\t0001640A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth1\t0003640A\t0301640A\t0003\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth0\t00000000\t0100640A\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth1\t0000640A\t0501640A\t0003\t0\t0\t5\t0000FFFF\t0\t0\t0
`;

describe('kernel unicast table', () => {
  const routes = parseRouteTable(TABLE);

  it('reads addresses, masks and gateways in network order', () => {
    expect(routes[0]).toEqual({
      interface: 'eth0',
      destination: 0x0a640000,
      prefixLength: 24,
      gateway: undefined,
      metric: 0,
    });
    expect(routes[2]).toMatchObject({ interface: 'eth1', prefixLength: 24, gateway: '10.100.1.3' });
    expect(routes[3]).toMatchObject({ prefixLength: 0, gateway: '10.100.0.1' });
  });

  it('picks the longest prefix, then the default', () => {
    expect(lookupRoute(routes, '10.100.0.7')?.interface).toBe('eth0');
    expect(lookupRoute(routes, '10.100.3.9')?.gateway).toBe('10.100.1.3');
    expect(lookupRoute(routes, '10.100.9.9')).toMatchObject({ prefixLength: 16, gateway: '10.100.1.5' });
    expect(lookupRoute(routes, '192.0.2.1')?.prefixLength).toBe(0);
    expect(lookupRoute([], '10.0.0.1')).toBeUndefined();
  });

  it('resolves RPF interface and neighbor, and notices when the table changes', async () => {
    let table = TABLE;
    const links = [
      { vif: 0, name: 'eth0', ifindex: 2, network: 'lan1', address: '10.100.0.2', prefixLength: 24 },
      { vif: 1, name: 'eth1', ifindex: 3, network: 'lan2', address: '10.100.1.2', prefixLength: 24 },
    ];
    const resolver = new RpfResolver(links, async () => table);
    expect(await resolver.refresh()).toBe(true);
    expect(await resolver.refresh()).toBe(false);
    expect(resolver.rpf('10.100.0.9')).toEqual({
      vif: 0,
      neighbor: undefined,
      metricPreference: 0,
      metric: 0,
    });
    expect(resolver.rpf('10.100.3.9')).toEqual({
      vif: 1,
      neighbor: '10.100.1.3',
      metricPreference: 1,
      metric: 0,
    });
    table = TABLE.split('\n').slice(0, 3).join('\n');
    expect(await resolver.refresh()).toBe(true);
    expect(resolver.rpf('10.100.3.9')).toBeUndefined();
  });
});
