import { describe, expect, it } from 'vitest';
import { decodeIgmpPacket, encodeIgmp, encodeIgmpPacket } from './igmp.js';
import type { IgmpMessage } from './message.js';

/**
 * IPv4 packets captured from a real Linux host (kernel 6.18): two network namespaces joined by a veth
 * pair, the host 10.77.0.2 in one, 10.77.0.1 in the other running `tcpdump -w ... igmp`. In the host
 * namespace a node script joined and left groups with dgram addMembership / addSourceSpecificMembership /
 * dropSourceSpecificMembership / dropMembership; net.ipv4.conf.all.force_igmp_version was 0, then 2, then
 * 1. From 10.77.0.1 queries built by this package's encoder were sent through a raw socket (the kernel
 * filled in their IP identification and header checksum) so the host answered them. The bytes are the
 * captured frames without their Ethernet header. The namespaces were deleted afterwards.
 */
interface Fixture {
  name: string;
  hex: string;
  src: string;
  dst: string;
  message: IgmpMessage;
}

const H = '10.77.0.2';
const R = '10.77.0.1';

/** Sent by the Linux host: encodeIgmpPacket must give back the very same bytes. */
const HOST_SENT: Fixture[] = [
  {
    name: 'v3 join 239.1.2.3 (TO_EX {})',
    hex: '46c00028000040000102f9aa0a4d0002e0000016940400002200e8f90000000104000000ef010203',
    src: H,
    dst: '224.0.0.22',
    message: {
      type: 'v3-report',
      records: [{ type: 'CHANGE_TO_EXCLUDE_MODE', group: '239.1.2.3', sources: [] }],
    },
  },
  {
    name: 'v3 source join merged with the TO_EX retransmission',
    hex: '46c00034000040000102f99e0a4d0002e0000016940400002200f09e0000000205000001e80101010a4d000904000000ef010203',
    src: H,
    dst: '224.0.0.22',
    message: {
      type: 'v3-report',
      records: [
        { type: 'ALLOW_NEW_SOURCES', group: '232.1.1.1', sources: ['10.77.0.9'] },
        { type: 'CHANGE_TO_EXCLUDE_MODE', group: '239.1.2.3', sources: [] },
      ],
    },
  },
  {
    name: 'v3 ALLOW of two sources',
    hex: '46c00030000040000102f9a20a4d0002e0000016940400002200db4c0000000105000002e80101010a4d00090a4d000a',
    src: H,
    dst: '224.0.0.22',
    message: {
      type: 'v3-report',
      records: [{ type: 'ALLOW_NEW_SOURCES', group: '232.1.1.1', sources: ['10.77.0.9', '10.77.0.10'] }],
    },
  },
  {
    name: 'v3 answer to a general query (IS_IN, IS_EX)',
    hex: '46c00038000040000102f99a0a4d0002e0000016940400002200ec460000000201000002e80101010a4d00090a4d000a02000000ef010203',
    src: H,
    dst: '224.0.0.22',
    message: {
      type: 'v3-report',
      records: [
        { type: 'MODE_IS_INCLUDE', group: '232.1.1.1', sources: ['10.77.0.9', '10.77.0.10'] },
        { type: 'MODE_IS_EXCLUDE', group: '239.1.2.3', sources: [] },
      ],
    },
  },
  {
    name: 'v3 answer to a group-specific query',
    hex: '46c00028000040000102f9aa0a4d0002e0000016940400002200eaf90000000102000000ef010203',
    src: H,
    dst: '224.0.0.22',
    message: { type: 'v3-report', records: [{ type: 'MODE_IS_EXCLUDE', group: '239.1.2.3', sources: [] }] },
  },
  {
    name: 'v3 answer to a group-and-source-specific query',
    hex: '46c0002c000040000102f9a60a4d0002e0000016940400002200e9a40000000101000001e80101010a4d0009',
    src: H,
    dst: '224.0.0.22',
    message: {
      type: 'v3-report',
      records: [{ type: 'MODE_IS_INCLUDE', group: '232.1.1.1', sources: ['10.77.0.9'] }],
    },
  },
  {
    name: 'v3 source leave (BLOCK)',
    hex: '46c0002c000040000102f9a60a4d0002e0000016940400002200e4a40000000106000001e80101010a4d0009',
    src: H,
    dst: '224.0.0.22',
    message: {
      type: 'v3-report',
      records: [{ type: 'BLOCK_OLD_SOURCES', group: '232.1.1.1', sources: ['10.77.0.9'] }],
    },
  },
  {
    name: 'v3 leave 239.1.2.3 (TO_IN {})',
    hex: '46c00028000040000102f9aa0a4d0002e0000016940400002200e9f90000000103000000ef010203',
    src: H,
    dst: '224.0.0.22',
    message: {
      type: 'v3-report',
      records: [{ type: 'CHANGE_TO_INCLUDE_MODE', group: '239.1.2.3', sources: [] }],
    },
  },
  {
    name: 'v2 report',
    hex: '46c00020000040000102e8c40a4d0002ef020202940400001600f8faef020202',
    src: H,
    dst: '239.2.2.2',
    message: { type: 'v2-report', group: '239.2.2.2' },
  },
  {
    name: 'v2 leave',
    hex: '46c00020000040000102f9c60a4d0002e0000002940400001700f7faef020202',
    src: H,
    dst: '224.0.0.2',
    message: { type: 'v2-leave', group: '239.2.2.2' },
  },
  {
    name: 'v1 report',
    hex: '46c00020000040000102e6c00a4d0002ef040404940400001200faf6ef040404',
    src: H,
    dst: '239.4.4.4',
    message: { type: 'v1-report', group: '239.4.4.4' },
  },
];

/** Our encoder's queries as they left the Linux raw socket (the host answered each of them). */
const QUERIES: Fixture[] = [
  {
    name: 'v3 general query',
    hex: '46c00024762900000102c39b0a4d0001e000000194040000110aec7800000000027d0000',
    src: R,
    dst: '224.0.0.1',
    message: {
      type: 'query',
      version: 3,
      group: '0.0.0.0',
      maxRespTimeMs: 1000,
      sFlag: false,
      qrv: 2,
      qqicSeconds: 125,
      sources: [],
    },
  },
  {
    name: 'v3 group-specific query',
    hex: '46c00024857600000102a34b0a4d0001ef01020394040000110afb73ef010203027d0000',
    src: R,
    dst: '239.1.2.3',
    message: {
      type: 'query',
      version: 3,
      group: '239.1.2.3',
      maxRespTimeMs: 1000,
      sFlag: false,
      qrv: 2,
      qqicSeconds: 125,
      sources: [],
    },
  },
  {
    name: 'v3 group-and-source-specific query',
    hex: '46c0002c1dc90000010212f30a4d0001e801010194040000110aeec5e8010101027d00020a4d00090a4d000b',
    src: R,
    dst: '232.1.1.1',
    message: {
      type: 'query',
      version: 3,
      group: '232.1.1.1',
      maxRespTimeMs: 1000,
      sFlag: false,
      qrv: 2,
      qqicSeconds: 125,
      sources: ['10.77.0.9', '10.77.0.11'],
    },
  },
  {
    name: 'v2 general query',
    hex: '46c000207a9500000102bf330a4d0001e000000194040000110aeef500000000',
    src: R,
    dst: '224.0.0.1',
    message: { type: 'query', version: 2, group: '0.0.0.0', maxRespTimeMs: 1000 },
  },
  {
    name: 'v2 group-specific query',
    hex: '46c000209bd8000001028ced0a4d0001ef02020294040000110afdf0ef020202',
    src: R,
    dst: '239.2.2.2',
    message: { type: 'query', version: 2, group: '239.2.2.2', maxRespTimeMs: 1000 },
  },
];

describe('packets captured from Linux', () => {
  for (const fixture of [...HOST_SENT, ...QUERIES]) {
    it(`decodes ${fixture.name}`, () => {
      const decoded = decodeIgmpPacket(Buffer.from(fixture.hex, 'hex'));
      expect(decoded).toMatchObject({
        ip: { src: fixture.src, dst: fixture.dst, ttl: 1, protocol: 2, routerAlert: true, tos: 0xc0 },
        message: fixture.message,
      });
      if (!('error' in decoded)) expect(encodeIgmp(decoded.message)).toEqual(decoded.ip.payload);
    });
  }

  for (const fixture of HOST_SENT) {
    it(`encodes ${fixture.name} exactly as Linux did`, () => {
      const packet = encodeIgmpPacket(fixture.message, { src: fixture.src, dst: fixture.dst });
      expect(packet.toString('hex')).toBe(fixture.hex);
    });
  }
});
