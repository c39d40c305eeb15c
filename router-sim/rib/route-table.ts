import { dottedQuad, procAddressValue } from '../io/proc-address.js';
import { parseIpv4Address } from '../wire/ipv4/address.js';

/**
 * The kernel's IPv4 unicast table as /proc/net/route shows it, and longest-prefix lookups over it.
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

const bitsSet = (v: number) => v.toString(2).replaceAll('0', '').length;

export function parseRouteTable(text: string): UnicastRoute[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 8)
    .map(([iface = '', destination = '0', gateway = '0', , , , metric = '0', mask = '0']) => {
      const next = procAddressValue(gateway);
      return {
        interface: iface,
        destination: procAddressValue(destination),
        prefixLength: bitsSet(procAddressValue(mask)),
        gateway: next === 0 ? undefined : dottedQuad(next),
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
