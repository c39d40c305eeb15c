import { parseIpv4Address } from '../../wire/ipv4/address.js';

/** Orders dotted quads by value (negative: `a` is lower), as elections and Assert ties need. */
export function compareAddresses(a: string, b: string): number {
  return (parseIpv4Address(a) ?? 0) - (parseIpv4Address(b) ?? 0);
}
