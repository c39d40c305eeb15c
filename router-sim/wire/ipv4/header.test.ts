import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomIpv4Fields } from '../testing/generate.js';
import { decodeIpv4, encodeIpv4, type Ipv4Packet } from './header.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** An IGMPv2 leave for 239.2.2.2 sent by Linux 10.77.0.2 (see ../igmp/linux-capture.test.ts). */
const LINUX_LEAVE = hex('46c00020 00004000 0102f9c6 0a4d0002 e0000002 94040000 1700f7fa ef020202');

/** A header with the given option bytes (a multiple of 4) and a correct checksum. */
function packet(options: Buffer, payload: Buffer, totalLength?: number): Buffer {
  const ihl = 5 + options.length / 4;
  const buf = Buffer.concat([hex('4500 0000 0000 0000 4002 0000 0a000001 e0000001'), options, payload]);
  buf[0] = 0x40 | ihl;
  buf.writeUInt16BE(totalLength ?? buf.length, 2);
  buf.writeUInt16BE(internetChecksum(buf, 0, ihl * 4), 10);
  return buf;
}

const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

describe('decodeIpv4', () => {
  it('decodes a packet captured from Linux', () => {
    expect(decodeIpv4(LINUX_LEAVE)).toEqual({
      src: '10.77.0.2',
      dst: '224.0.0.2',
      ttl: 1,
      protocol: 2,
      routerAlert: true,
      headerLength: 24,
      payload: hex('1700f7fa ef020202'),
      tos: 0xc0,
      identification: 0,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
    } satisfies Ipv4Packet);
  });

  it('ignores bytes past the total length (link-layer padding)', () => {
    const padded = Buffer.concat([LINUX_LEAVE, Buffer.alloc(14)]);
    const decoded = decodeIpv4(padded);
    expect(decoded).toMatchObject({ payload: hex('1700f7fa ef020202') });
  });

  it('reads flags and fragment offset', () => {
    const buf = packet(Buffer.alloc(0), Buffer.alloc(8));
    buf.writeUInt16BE(0x2000 | 0x0123, 6);
    buf.writeUInt16BE(0, 10);
    buf.writeUInt16BE(internetChecksum(buf, 0, 20), 10);
    expect(decodeIpv4(buf)).toMatchObject({
      dontFragment: false,
      moreFragments: true,
      fragmentOffset: 0x123,
    });
  });

  it('finds Router Alert among other options', () => {
    expect(decodeIpv4(packet(hex('01 94 04 00 00 00 00 00'), Buffer.alloc(4)))).toMatchObject({
      routerAlert: true,
      headerLength: 28,
    });
    expect(decodeIpv4(packet(hex('07 07 04 00 00 00 00 00'), Buffer.alloc(4)))).toMatchObject({
      routerAlert: false,
      headerLength: 28,
    });
  });

  it('refuses what is not a whole, valid IPv4 packet', () => {
    const bad = {
      empty: Buffer.alloc(0),
      'short header': LINUX_LEAVE.subarray(0, 19),
      'version 6': Buffer.from([0x66, ...LINUX_LEAVE.subarray(1)]),
      'IHL 4': Buffer.from([0x44, ...LINUX_LEAVE.subarray(1)]),
      'IHL past the total length': packet(Buffer.alloc(8), Buffer.alloc(0), 24),
      truncated: LINUX_LEAVE.subarray(0, 31),
      'bad header checksum': Buffer.from(LINUX_LEAVE).fill(0x02, 8, 9),
      'bad option length': packet(hex('07 0a 00 00 00 00 00 00'), Buffer.alloc(0)),
      'Router Alert of length 6': packet(hex('94 06 00 00 00 00 00 00'), Buffer.alloc(0)),
    };
    for (const [name, buf] of Object.entries(bad)) expect(isError(decodeIpv4(buf)), name).toBe(true);
  });
});

describe('encodeIpv4', () => {
  it('rebuilds the Linux packet byte for byte', () => {
    // Header words 46c0+0020+0000+4000+0102+0a4d+0002+e000+0002+9404+0000 = 20637, folded 0639,
    // complemented f9c6: the checksum Linux sent.
    const decoded = decodeIpv4(LINUX_LEAVE);
    if ('error' in decoded) throw new Error(decoded.error);
    expect(encodeIpv4(decoded)).toEqual(LINUX_LEAVE);
  });

  it('writes a 20-byte header without Router Alert and defaults the optional fields', () => {
    const buf = encodeIpv4({
      src: '192.0.2.1',
      dst: '224.0.0.1',
      ttl: 64,
      protocol: 17,
      routerAlert: false,
      payload: hex('abcd'),
    });
    expect(buf.subarray(0, 10)).toEqual(hex('4500 0016 0000 0000 4011'));
    expect(buf.subarray(12)).toEqual(hex('c0000201 e0000001 abcd'));
    expect(internetChecksum(buf, 0, 20)).toBe(0);
  });

  it('round-trips thousands of random packets', () => {
    const random = seededRandom(791);
    for (let i = 0; i < 3000; i++) {
      const fields = randomIpv4Fields(random);
      const encoded = encodeIpv4(fields);
      const decoded = decodeIpv4(encoded);
      expect(decoded).toEqual({ ...fields, headerLength: fields.routerAlert ? 24 : 20 });
      if (!('error' in decoded)) expect(encodeIpv4(decoded)).toEqual(encoded);
    }
  });

  it('throws on what it cannot encode', () => {
    const base = {
      src: '10.0.0.1',
      dst: '10.0.0.2',
      ttl: 1,
      protocol: 2,
      routerAlert: true,
      payload: Buffer.alloc(0),
    };
    expect(() => encodeIpv4({ ...base, src: '10.0.0.256' })).toThrow(RangeError);
    expect(() => encodeIpv4({ ...base, dst: 'localhost' })).toThrow(RangeError);
    expect(() => encodeIpv4({ ...base, ttl: 256 })).toThrow(RangeError);
    expect(() => encodeIpv4({ ...base, fragmentOffset: 0x2000 })).toThrow(RangeError);
    expect(() => encodeIpv4({ ...base, payload: Buffer.alloc(0xffff - 23) })).toThrow(RangeError);
    expect(encodeIpv4({ ...base, payload: Buffer.alloc(0xffff - 24) })).toHaveLength(0xffff);
  });
});
