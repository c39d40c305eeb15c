import { describe, expect, it } from 'vitest';
import { internetChecksum } from '../wire/checksum.js';
import { decodeIpv4, encodeIpv4 } from '../wire/ipv4/header.js';
import { completeUdpChecksum, forwardedCopy } from './forwarded-copy.js';

const udp = (ttl: number) => {
  const datagram = Buffer.alloc(8 + 12);
  datagram.writeUInt16BE(40000, 0);
  datagram.writeUInt16BE(5000, 2);
  datagram.writeUInt16BE(datagram.length, 4);
  datagram.write('hello, group', 8);
  return encodeIpv4({
    src: '10.0.0.7',
    dst: '239.1.1.1',
    ttl,
    protocol: 17,
    routerAlert: false,
    payload: datagram,
  });
};

/** The UDP checksum a receiver verifies: over the pseudo-header and the datagram, 0 when right. */
function udpChecksumOk(packet: Buffer): boolean {
  const datagram = packet.subarray(20);
  const pseudo = Buffer.alloc(12);
  packet.copy(pseudo, 0, 12, 20);
  pseudo[9] = 17;
  pseudo.writeUInt16BE(datagram.length, 10);
  return internetChecksum(Buffer.concat([pseudo, datagram])) === 0;
}

describe('the copy a router forwards', () => {
  it('has its TTL lowered by one and a valid header checksum, the original untouched', () => {
    const original = udp(8);
    const copy = forwardedCopy(original);
    expect(copy && decodeIpv4(copy)).toMatchObject({ ttl: 7, src: '10.0.0.7', dst: '239.1.1.1' });
    expect(decodeIpv4(original)).toMatchObject({ ttl: 8 });
  });

  it('is not made when the TTL is 1', () => {
    expect(forwardedCopy(udp(1))).toBeUndefined();
  });
});

describe('a UDP checksum left to offload', () => {
  it('is filled in, so that a receiver accepts the datagram', () => {
    const packet = udp(8);
    packet.writeUInt16BE(0xfd51, 26); // what a veth sender leaves: the pseudo-header's partial sum
    expect(udpChecksumOk(packet)).toBe(false);
    completeUdpChecksum(packet);
    expect(udpChecksumOk(packet)).toBe(true);
  });

  it('is left alone in fragments, which carry theirs in the first', () => {
    const fragment = udp(8);
    fragment.writeUInt16BE(0x2000, 6); // more fragments
    fragment.writeUInt16BE(0x1234, 26);
    completeUdpChecksum(fragment);
    expect(fragment.readUInt16BE(26)).toBe(0x1234);
  });
});
