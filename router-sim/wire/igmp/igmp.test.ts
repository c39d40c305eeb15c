import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { decodeIpv4, encodeIpv4 } from '../ipv4/header.js';
import { randomAddress, randomIgmpMessage } from '../testing/generate.js';
import { decodeIgmp, decodeIgmpPacket, encodeIgmp, encodeIgmpPacket, IGMP_PROTOCOL } from './igmp.js';
import type { IgmpMessage } from './message.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const LEAVE: IgmpMessage = { type: 'v2-leave', group: '239.2.2.2' };

describe('decodeIgmp', () => {
  it('dispatches on the type', () => {
    expect(decodeIgmp(hex('11 00 eeff 00000000'))).toMatchObject({ type: 'query', version: 1 });
    expect(decodeIgmp(hex('12 00 faf6 ef040404'))).toEqual({ type: 'v1-report', group: '239.4.4.4' });
    expect(decodeIgmp(hex('16 00 f8fa ef020202'))).toEqual({ type: 'v2-report', group: '239.2.2.2' });
    expect(decodeIgmp(hex('17 00 f7fa ef020202'))).toEqual(LEAVE);
    expect(decodeIgmp(hex('22 00 ddff 0000 0000'))).toEqual({ type: 'v3-report', records: [] });
  });

  it('verifies the checksum over the whole message, additional data included', () => {
    expect(decodeIgmp(hex('17 00 f7fb ef020202'))).toEqual({ error: 'IGMP checksum mismatch' });
    expect(isError(decodeIgmp(hex('17 00 f7fa ef020202 0001')))).toBe(true);
    // The same two extra bytes, with the checksum covering them: 10805 + 0001 folded 0806, so f7f9.
    expect(decodeIgmp(hex('17 00 f7f9 ef020202 0001'))).toEqual(LEAVE);
  });

  it('refuses short messages and unknown types', () => {
    expect(isError(decodeIgmp(hex('17 00 f7fa ef0202')))).toBe(true);
    // Type 0x13 (a DVMRP message) with a valid checksum: ~1300 = ecff.
    expect(decodeIgmp(hex('13 00 ecff 00000000'))).toEqual({ error: 'unknown IGMP type 0x13' });
  });

  it('round-trips thousands of random messages', () => {
    const random = seededRandom(20);
    for (let i = 0; i < 5000; i++) {
      const message = randomIgmpMessage(random);
      const encoded = encodeIgmp(message);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeIgmp(encoded)).toEqual(message);
    }
  });
});

describe('IGMP in IPv4', () => {
  it('sends with TTL 1, TOS 0xc0, protocol 2, Router Alert and DF (RFC 3376 §4)', () => {
    const packet = encodeIgmpPacket(LEAVE, { src: '10.77.0.2', dst: '224.0.0.2' });
    expect(packet).toEqual(hex('46c00020 00004000 0102f9c6 0a4d0002 e0000002 94040000 1700f7fa ef020202'));
    expect(decodeIgmpPacket(packet)).toEqual({
      ip: {
        src: '10.77.0.2',
        dst: '224.0.0.2',
        ttl: 1,
        protocol: IGMP_PROTOCOL,
        routerAlert: true,
        headerLength: 24,
        payload: hex('1700f7fa ef020202'),
        tos: 0xc0,
        identification: 0,
        dontFragment: true,
        moreFragments: false,
        fragmentOffset: 0,
      },
      message: LEAVE,
    });
  });

  it('returns TTL and Router Alert without judging them', () => {
    const packet = encodeIpv4({
      src: '10.0.0.1',
      dst: '224.0.0.1',
      ttl: 64,
      protocol: 2,
      routerAlert: false,
      payload: encodeIgmp(LEAVE),
    });
    expect(decodeIgmpPacket(packet)).toMatchObject({ ip: { ttl: 64, routerAlert: false }, message: LEAVE });
  });

  it('refuses other protocols, fragments, and bad IP or IGMP', () => {
    const ip = { src: '10.0.0.1', dst: '224.0.0.1', ttl: 1, routerAlert: true, payload: encodeIgmp(LEAVE) };
    expect(decodeIgmpPacket(encodeIpv4({ ...ip, protocol: 17 }))).toEqual({
      error: 'IPv4 protocol 17 is not IGMP',
    });
    expect(isError(decodeIgmpPacket(encodeIpv4({ ...ip, protocol: 2, moreFragments: true })))).toBe(true);
    expect(isError(decodeIgmpPacket(encodeIpv4({ ...ip, protocol: 2, fragmentOffset: 1 })))).toBe(true);
    const good = encodeIgmpPacket(LEAVE, { src: '10.0.0.1', dst: '224.0.0.2' });
    expect(isError(decodeIgmpPacket(good.subarray(0, good.length - 1)))).toBe(true);
    const badIgmp = Buffer.from(good);
    badIgmp[good.length - 1] = 0;
    expect(decodeIgmpPacket(badIgmp)).toEqual({ error: 'IGMP checksum mismatch' });
  });

  it('round-trips thousands of random packets', () => {
    const random = seededRandom(2113);
    for (let i = 0; i < 3000; i++) {
      const message = randomIgmpMessage(random);
      const addresses = { src: randomAddress(random), dst: randomAddress(random) };
      const packet = encodeIgmpPacket(message, addresses);
      const decoded = decodeIgmpPacket(packet);
      expect(decoded).toMatchObject({
        ip: { ...addresses, ttl: 1, protocol: 2, routerAlert: true },
        message,
      });
      expect(decodeIpv4(packet)).toMatchObject({ payload: encodeIgmp(message) });
    }
  });
});
