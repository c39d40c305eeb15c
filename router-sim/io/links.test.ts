import { describe, expect, it } from 'vitest';
import { linkFor } from './links.js';

const links = [
  { vif: 0, name: 'eth1', ifindex: 7, network: 'link12', address: '10.100.3.3', prefixLength: 24 },
  { vif: 1, name: 'eth0', ifindex: 5, network: 'lan2', address: '10.100.1.2', prefixLength: 24 },
  { vif: 2, name: 'eth2', ifindex: 9, network: 'wide', address: '10.200.0.1', prefixLength: 16 },
];

describe('the link a link-local sender is on', () => {
  it('is the link whose subnet holds the address', () => {
    expect(linkFor(links, '10.100.3.2')?.vif).toBe(0);
    expect(linkFor(links, '10.100.1.77')?.vif).toBe(1);
    expect(linkFor(links, '10.200.45.6')?.vif).toBe(2);
  });

  it('is none for an address off every subnet', () => {
    expect(linkFor(links, '10.100.2.1')).toBeUndefined();
    expect(linkFor(links, '192.0.2.1')).toBeUndefined();
  });
});
