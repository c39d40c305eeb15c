import { describe, expect, it } from 'vitest';
import { encodeIgmpPacket } from '../../router-sim/wire/igmp/igmp.js';
import { encodeIpv4 } from '../../router-sim/wire/ipv4/header.js';
import { encodePimPacket } from '../../router-sim/wire/pim/packet.js';
import { readPcap } from './pcap.js';

/** A pcap file as tcpdump writes it on a bridge: Ethernet frames, microsecond stamps, little-endian. */
function pcapOf(packets: Buffer[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = packets.map((ip, i) => {
    const frame = Buffer.concat([Buffer.alloc(12, 0xaa), Buffer.from([0x08, 0x00]), ip]);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(1_700_000_000 + i, 0);
    record.writeUInt32LE(500_000, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

const udp = (payload: string) => {
  const body = Buffer.from(payload);
  const datagram = Buffer.alloc(8 + body.length);
  datagram.writeUInt16BE(40000, 0);
  datagram.writeUInt16BE(5000, 2);
  datagram.writeUInt16BE(datagram.length, 4);
  body.copy(datagram, 8);
  return encodeIpv4({
    src: '10.0.1.10',
    dst: '239.1.2.3',
    ttl: 15,
    protocol: 17,
    routerAlert: false,
    payload: datagram,
  });
};

describe('readPcap', () => {
  it('decodes IGMP and PIM with the routers’ own codecs and UDP down to its payload', () => {
    const packets = readPcap(
      pcapOf([
        encodeIgmpPacket({ type: 'v2-report', group: '239.1.2.3' }, { src: '10.0.1.10', dst: '239.1.2.3' }),
        encodePimPacket(
          { type: 'hello', options: { holdtime: 105 } },
          { src: '10.0.1.1', dst: '224.0.0.13' },
        ),
        udp('hello'),
      ]),
    );
    expect(packets.map((p) => [p.source, p.destination, p.protocol])).toEqual([
      ['10.0.1.10', '239.1.2.3', 2],
      ['10.0.1.1', '224.0.0.13', 103],
      ['10.0.1.10', '239.1.2.3', 17],
    ]);
    expect(packets[0]?.igmp).toEqual({ type: 'v2-report', group: '239.1.2.3' });
    expect(packets[1]?.pim?.type).toBe('hello');
    expect(packets[2]?.udp).toMatchObject({ sourcePort: 40000, destinationPort: 5000 });
    expect(packets[2]?.udp?.payload.toString()).toBe('hello');
    expect(packets[2]?.time).toBeCloseTo(1_700_000_002.5);
  });

  it('says why a payload did not decode, and refuses what is not a pcap file', () => {
    const broken = encodeIgmpPacket(
      { type: 'v2-report', group: '239.1.2.3' },
      { src: '10.0.1.10', dst: '239.1.2.3' },
    );
    broken.writeUInt8(broken.readUInt8(broken.length - 1) ^ 0xff, broken.length - 1); // IGMP checksum now wrong
    expect(readPcap(pcapOf([broken]))[0]?.error).toMatch(/checksum/);
    expect(() => readPcap(Buffer.from('not a capture, clearly not'))).toThrow(/not a pcap file/);
  });
});
