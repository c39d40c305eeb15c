import type { NetworkSpec } from './model.js';

/** IPv4 arithmetic on unsigned 32-bit numbers, plus the lab's subnet and address allocation. */

export interface Cidr {
  /** First address of the block; may carry host bits when parsed from user input. */
  base: number;
  prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  const base = match?.[1] === undefined ? undefined : parseIpv4(match[1]);
  const prefix = Number(match?.[2]);
  if (base === undefined || prefix > 32) return undefined;
  return { base, prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The block with its host bits cleared (`10.1.1.5/24` → `10.1.1.0/24`). */
export function normalizeCidr(cidr: Cidr): Cidr {
  const size = cidrSize(cidr);
  return { base: Math.floor(cidr.base / size) * size, prefix: cidr.prefix };
}

export function broadcastAddress(cidr: Cidr): number {
  return cidr.base + cidrSize(cidr) - 1;
}

/** Docker gives the first usable address to the host bridge (the network's gateway). */
export function gatewayAddress(cidr: Cidr): number {
  return cidr.base + 1;
}

/** Addresses left for nodes: all but the network, gateway and broadcast addresses. */
export function nodeCapacity(cidr: Cidr): number {
  return Math.max(0, cidrSize(cidr) - 3);
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return address >= cidr.base && address <= broadcastAddress(cidr);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base <= broadcastAddress(b) && b.base <= broadcastAddress(a);
}

/** One attachment to a network, in allocation order; `fixed` is an address the topology pins. */
export interface Member {
  node: string;
  fixed?: number;
}

/**
 * Gives each member an address: fixed ones keep theirs, the others take the lowest free addresses
 * after the gateway, in member order. Returns undefined when the subnet runs out.
 */
export function allocateAddresses(cidr: Cidr, members: readonly Member[]): Map<string, number> | undefined {
  const used = new Set(members.flatMap((member) => (member.fixed === undefined ? [] : [member.fixed])));
  const addresses = new Map<string, number>();
  let next = gatewayAddress(cidr) + 1;
  for (const member of members) {
    if (member.fixed !== undefined) {
      addresses.set(member.node, member.fixed);
      continue;
    }
    while (used.has(next)) next++;
    if (next >= broadcastAddress(cidr)) return undefined;
    used.add(next);
    addresses.set(member.node, next);
  }
  return addresses;
}

const AUTO_PREFIX = 24;

/**
 * Resolves every network's subnet: explicit ones as written, the others as consecutive /24s from
 * `pool`, skipping explicit subnets and `taken` ones (subnets other Docker networks already use).
 */
export function allocateSubnets(
  networks: readonly NetworkSpec[],
  pool: Cidr,
  taken: readonly Cidr[],
): { subnets: Map<string, Cidr>; errors: string[] } {
  const subnets = new Map<string, Cidr>();
  const errors: string[] = [];
  for (const network of networks) {
    const cidr = network.subnet === undefined ? undefined : parseCidr(network.subnet);
    if (cidr === undefined) continue;
    subnets.set(network.name, cidr);
    for (const other of taken.filter((t) => cidrsOverlap(cidr, t))) {
      errors.push(
        `subnet ${formatCidr(cidr)} of network ${network.name} overlaps ${formatCidr(other)}, ` +
          'which another Docker network already uses',
      );
    }
  }
  // Blocks are handed out in increasing order, so only these can clash with the next one.
  const used = [...taken, ...subnets.values()];
  let candidate = normalizeCidr(pool).base;
  for (const network of networks.filter((n) => !subnets.has(n.name))) {
    const found = nextFree(candidate, pool, used);
    if (found === undefined) {
      errors.push(
        `subnet pool ${formatCidr(pool)} has no free /${AUTO_PREFIX} left for network ${network.name}`,
      );
      break;
    }
    subnets.set(network.name, found);
    candidate = broadcastAddress(found) + 1;
  }
  return { subnets, errors };
}

function nextFree(from: number, pool: Cidr, used: readonly Cidr[]): Cidr | undefined {
  const size = 2 ** (32 - AUTO_PREFIX);
  let base = from;
  while (base + size - 1 <= broadcastAddress(pool)) {
    const candidate = { base, prefix: AUTO_PREFIX };
    const clash = used.find((cidr) => cidrsOverlap(candidate, cidr));
    if (clash === undefined) return candidate;
    // Jump past the clashing block instead of stepping /24 by /24 through it.
    base = Math.ceil((broadcastAddress(clash) + 1) / size) * size;
  }
  return undefined;
}
