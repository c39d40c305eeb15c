import { parseIpv4Address } from '../wire/ipv4/address.js';

/** The address classes IGMP state is kept for, as 32-bit values of canonical dotted quads. */

// No leading zeros, so "010.0.0.1" can never become a second key for 10.0.0.1.
const CANONICAL = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

const MULTICAST_FIRST = 0xe0000000; // 224.0.0.0
const LOCAL_CONTROL_LAST = 0xe00000ff; // 224.0.0.255
const MULTICAST_LAST = 0xefffffff; // 239.255.255.255

/** The address as a number when it is a canonical dotted quad, undefined otherwise. */
export function ipv4Value(address: string): number | undefined {
  return CANONICAL.test(address) ? parseIpv4Address(address) : undefined;
}

/**
 * A group the router keeps membership for: 224.0.0.0/4 except the Local Network Control Block
 * 224.0.0.0/24, whose traffic is never routed (RFC 5771 §4), so membership in it means nothing here.
 */
export function isGroupAddress(address: string): boolean {
  const value = ipv4Value(address);
  return value !== undefined && value > LOCAL_CONTROL_LAST && value <= MULTICAST_LAST;
}

/** A unicast address: a multicast source, or a router or host speaking IGMP. */
export function isUnicastAddress(address: string): boolean {
  const value = ipv4Value(address);
  return value !== undefined && value > 0 && value < MULTICAST_FIRST;
}

/** Who may send a report: a unicast host, or 0.0.0.0 from one without an address yet (RFC 3376 §4.2.13). */
export function isReporterAddress(address: string): boolean {
  return address === '0.0.0.0' || isUnicastAddress(address);
}
