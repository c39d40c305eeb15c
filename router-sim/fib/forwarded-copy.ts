import { internetChecksum } from '../wire/checksum.js';

const UDP = 17;

/**
 * The copy of an IPv4 packet a router sends on: TTL lowered by one and the header checksum made
 * again (RFC 1812 §5.3.1); undefined when the TTL does not allow forwarding.
 */
export function forwardedCopy(packet: Buffer): Buffer | undefined {
  const ttl = packet[8] ?? 0;
  if (packet.length < 20 || ttl < 2) return undefined;
  const copy = Buffer.from(packet);
  copy[8] = ttl - 1;
  copy.writeUInt16BE(0, 10);
  copy.writeUInt16BE(internetChecksum(copy, 0, headerLength(copy)), 10);
  return copy;
}

/**
 * Fills in the UDP checksum of a packet taken from the kernel before the sending host's NIC (here a
 * veth) would have: with checksum offload the field holds only the pseudo-header's sum, which the
 * kernel trusts on the way but a receiver of a copy sent from user space rejects (RFC 768).
 */
export function completeUdpChecksum(packet: Buffer): void {
  const start = headerLength(packet);
  const end = Math.min(packet.length, packet.readUInt16BE(2));
  if (packet[9] !== UDP || end - start < 8 || (packet[6] ?? 0) & 0x3f || packet[7]) return; // fragments keep theirs
  const pseudo = Buffer.alloc(12);
  packet.copy(pseudo, 0, 12, 20);
  pseudo[9] = UDP;
  pseudo.writeUInt16BE(end - start, 10);
  packet.writeUInt16BE(0, start + 6);
  const sum = internetChecksum(Buffer.concat([pseudo, packet.subarray(start, end)]));
  packet.writeUInt16BE(sum === 0 ? 0xffff : sum, start + 6);
}

const headerLength = (packet: Buffer) => ((packet[0] ?? 0) & 0x0f) * 4;
