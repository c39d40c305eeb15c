import { describe, expect, it } from 'vitest';
import { encodeIpv4 } from '../wire/ipv4/header.js';
import { decodeNflog, type NflogRecord, NflogStream } from './nflog-records.js';

const packet = encodeIpv4({
  src: '10.0.0.7',
  dst: '239.1.1.1',
  ttl: 8,
  protocol: 17,
  routerAlert: false,
  payload: Buffer.from('hello, multicast'),
});

/** One NFLOG TLV as tcpdump writes it on little-endian hosts: length and type, value, padding. */
function tlv(type: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(4 + value.length, 0);
  head.writeUInt16LE(type, 2);
  return Buffer.concat([head, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

function message(prefix: string, indev: number, payload: Buffer): Buffer {
  const ifindex = Buffer.alloc(4);
  ifindex.writeUInt32BE(indev);
  return Buffer.concat([
    Buffer.from([5, 0, 0, 42]), // family netdev, version 0, group 42
    tlv(10, Buffer.from(`${prefix}\0`)),
    tlv(4, ifindex),
    tlv(9, payload),
  ]);
}

function pcap(records: Buffer[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt32LE(239, 20);
  return Buffer.concat([
    header,
    ...records.flatMap((record) => {
      const head = Buffer.alloc(16);
      head.writeUInt32LE(record.length, 8);
      head.writeUInt32LE(record.length, 12);
      return [head, record];
    }),
  ]);
}

describe('NFLOG messages from tcpdump', () => {
  it('gives the prefix, the arrival interface and the whole packet', () => {
    expect(decodeNflog(message('nocache', 7, packet))).toEqual({ prefix: 'nocache', indev: 7, packet });
  });

  it('refuses a message without a payload, and one whose attribute overruns it', () => {
    expect(decodeNflog(Buffer.from([5, 0, 0, 42]))).toHaveProperty('error');
    const cut = message('wrongvif', 3, packet);
    expect(decodeNflog(cut.subarray(0, cut.length - 8))).toHaveProperty('error');
  });

  it('cuts a capture arriving in pieces of any size into its records', () => {
    const capture = pcap([message('nocache', 7, packet), message('wholepkt', 0, packet)]);
    for (const step of [1, 5, 23, capture.length]) {
      const records: NflogRecord[] = [];
      const errors: string[] = [];
      const stream = new NflogStream(
        (r) => records.push(r),
        (e) => errors.push(e),
      );
      for (let at = 0; at < capture.length; at += step) stream.push(capture.subarray(at, at + step));
      expect(records.map((r) => [r.prefix, r.indev, r.packet.equals(packet)])).toEqual([
        ['nocache', 7, true],
        ['wholepkt', 0, true],
      ]);
      expect(errors).toEqual([]);
    }
  });

  it('says so when the capture is not NFLOG', () => {
    const errors: string[] = [];
    const capture = pcap([]);
    capture.writeUInt32LE(1, 20); // Ethernet
    new NflogStream(
      () => {},
      (e) => errors.push(e),
    ).push(capture);
    expect(errors[0]).toMatch(/not an NFLOG capture/);
  });
});
