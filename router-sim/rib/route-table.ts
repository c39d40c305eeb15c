import { parseIpv4Address } from '../wire/ipv4/address.js';

/**
 * The kernel's IPv4 unicast table as /proc/net/route shows it (addresses and masks are network-order
 * words printed as host-order hex, so on little-endian hosts the bytes read backwards), and
 * longest-prefix lookups over it.
 */
export interface UnicastRoute {
  interface: string;
  /** Network address as a 32-bit number, and prefix length. */
  destination: number;
  prefixLength: number;
  /** Next hop, or undefined when the destination is directly connected. */
  gateway: string | undefined;
  metric: number;
}

/** The 32-bit value of an address printed by /proc/net/route. */
const procWord = (hex: string) => {
  const v = Number.parseInt(hex, 16) >>> 0;
  return (((v & 0xff) << 24) | (((v >>> 8) & 0xff) << 16) | (((v >>> 16) & 0xff) << 8) | (v >>> 24)) >>> 0;
};
const dotted = (v: number) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join('.');
const bitsSet = (v: number) => v.toString(2).replaceAll('0', '').length;

export function parseRouteTable(text: string): UnicastRoute[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 8)
    .map(([iface = '', destination = '0', gateway = '0', , , , metric = '0', mask = '0']) => {
      const next = procWord(gateway);
      return {
        interface: iface,
        destination: procWord(destination),
        prefixLength: bitsSet(procWord(mask)),
        gateway: next === 0 ? undefined : dotted(next),
        metric: Number(metric),
      };
    });
}

/** The most specific route to `address` (lowest metric among equally specific ones). */
export function lookupRoute(routes: readonly UnicastRoute[], address: string): UnicastRoute | undefined {
  const value = parseIpv4Address(address) ?? 0;
  let best: UnicastRoute | undefined;
  for (const route of routes) {
    const size = 2 ** (32 - route.prefixLength);
    if (Math.floor(value / size) !== Math.floor(route.destination / size)) continue;
    const better =
      !best ||
      route.prefixLength > best.prefixLength ||
      (route.prefixLength === best.prefixLength && route.metric < best.metric);
    if (better) best = route;
  }
  return best;
}
