import { describe, expect, it } from 'vitest';
import {
  allocateAddresses,
  allocateSubnets,
  type Cidr,
  cidrContains,
  cidrsOverlap,
  formatCidr,
  formatIpv4,
  normalizeCidr,
  parseCidr,
  parseIpv4,
} from './addressing.js';

const cidr = (text: string): Cidr => parseCidr(text) ?? { base: Number.NaN, prefix: 0 };
const ip = (text: string) => parseIpv4(text) ?? Number.NaN;

describe('IPv4 helpers', () => {
  it('parses and formats addresses', () => {
    expect(parseIpv4('10.1.2.3')).toBe(0x0a010203);
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    for (const bad of ['10.1.2', '10.1.2.256', '10.01.2.3', 'a.b.c.d', '10.1.2.3.4', '']) {
      expect(parseIpv4(bad), bad).toBeUndefined();
    }
  });

  it('parses CIDRs and clears host bits', () => {
    expect(parseCidr('10.1.1.0/24')).toEqual({ base: ip('10.1.1.0'), prefix: 24 });
    expect(parseCidr('10.1.1.0/33')).toBeUndefined();
    expect(parseCidr('10.1.1.0')).toBeUndefined();
    expect(formatCidr(normalizeCidr(cidr('10.1.1.77/26')))).toBe('10.1.1.64/26');
    expect(formatCidr(normalizeCidr(cidr('192.168.3.4/0')))).toBe('0.0.0.0/0');
  });

  it('tests containment and overlap', () => {
    expect(cidrContains(cidr('10.1.1.0/24'), ip('10.1.1.255'))).toBe(true);
    expect(cidrContains(cidr('10.1.1.0/24'), ip('10.1.2.0'))).toBe(false);
    expect(cidrsOverlap(cidr('10.1.0.0/16'), cidr('10.1.200.0/24'))).toBe(true);
    expect(cidrsOverlap(cidr('10.1.0.0/24'), cidr('10.1.1.0/24'))).toBe(false);
  });
});

describe('allocateSubnets', () => {
  const pool = cidr('10.100.0.0/16');

  it('gives consecutive /24s, skipping explicit and taken subnets', () => {
    const networks = [{ name: 'a' }, { name: 'b', subnet: '10.100.1.0/24' }, { name: 'c' }, { name: 'd' }];
    const { subnets, errors } = allocateSubnets(networks, pool, [
      cidr('10.100.0.0/24'),
      cidr('10.100.2.0/23'),
    ]);
    expect(errors).toEqual([]);
    expect(Object.fromEntries([...subnets].map(([name, c]) => [name, formatCidr(c)]))).toEqual({
      a: '10.100.4.0/24',
      b: '10.100.1.0/24',
      c: '10.100.5.0/24',
      d: '10.100.6.0/24',
    });
  });

  it('skips a taken subnet smaller than a /24', () => {
    const { subnets } = allocateSubnets([{ name: 'a' }], pool, [cidr('10.100.0.128/25')]);
    expect(formatCidr(subnets.get('a') ?? pool)).toBe('10.100.1.0/24');
  });

  it('reports an exhausted pool', () => {
    const { errors } = allocateSubnets(
      [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      cidr('10.200.0.0/23'),
      [],
    );
    expect(errors).toEqual(['subnet pool 10.200.0.0/23 has no free /24 left for network c']);
  });

  it('reports an explicit subnet that another Docker network uses, naming both', () => {
    const { errors } = allocateSubnets([{ name: 'lan1', subnet: '172.18.5.0/24' }], pool, [
      cidr('172.18.0.0/16'),
    ]);
    expect(errors).toEqual([
      'subnet 172.18.5.0/24 of network lan1 overlaps 172.18.0.0/16, which another Docker network already uses',
    ]);
  });
});

describe('allocateAddresses', () => {
  it('starts after the gateway, in member order, skipping fixed addresses', () => {
    const addresses = allocateAddresses(cidr('10.1.1.0/24'), [
      { node: 'r1' },
      { node: 'h1', fixed: ip('10.1.1.3') },
      { node: 'h2' },
    ]);
    expect([...(addresses ?? [])].map(([node, a]) => `${node}=${formatIpv4(a)}`)).toEqual([
      'r1=10.1.1.2',
      'h1=10.1.1.3',
      'h2=10.1.1.4',
    ]);
  });

  it('returns undefined when the subnet is full', () => {
    expect(allocateAddresses(cidr('10.1.1.0/30'), [{ node: 'a' }, { node: 'b' }])).toBeUndefined();
  });
});
