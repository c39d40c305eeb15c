import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_PORT, parseGroupAddress } from './group-address.js';

describe('parseGroupAddress', () => {
  it('uses the default port when none is given', () => {
    expect(DEFAULT_GROUP_PORT).toBe(5000);
    expect(parseGroupAddress('239.1.1.1')).toEqual({ address: '239.1.1.1', port: 5000 });
  });

  it.each([
    ['239.1.1.1:6000', '239.1.1.1', 6000],
    ['224.0.1.1', '224.0.1.1', 5000],
    ['224.1.0.0:1', '224.1.0.0', 1],
    ['239.255.255.255:65535', '239.255.255.255', 65535],
    ['232.1.2.3', '232.1.2.3', 5000],
  ])('accepts %s', (text, address, port) => {
    expect(parseGroupAddress(text)).toEqual({ address, port });
  });

  it.each([
    ['223.255.255.255', /not a multicast address/],
    ['10.0.0.1', /not a multicast address/],
    ['240.0.0.1', /not a multicast address/],
    ['255.255.255.255', /not a multicast address/],
    ['224.0.0.1', /link-local/],
    ['224.0.0.22:5000', /link-local/],
    ['224.0.0.255', /link-local/],
    ['', /not an IPv4 group address/],
    ['239.1.1', /not an IPv4 group address/],
    ['239.1.1.256', /not an IPv4 group address/],
    ['ff02::1', /not an IPv4 group address/],
    ['group', /not an IPv4 group address/],
    ['239.1.1.1:0', /bad port/],
    ['239.1.1.1:65536', /bad port/],
    ['239.1.1.1:', /bad port/],
    ['239.1.1.1:-1', /bad port/],
    ['239.1.1.1:50.5', /bad port/],
    ['239.1.1.1:http', /bad port/],
    ['239.1.1.1:0x50', /bad port/],
    ['239.1.1.1: 80', /bad port/],
    ['239.1.1.1:5000:6000', /bad port/],
  ])('rejects %s', (text, message) => {
    const parsed = parseGroupAddress(text);
    expect(parsed).toHaveProperty('error');
    expect((parsed as { error: string }).error).toMatch(message);
  });
});
