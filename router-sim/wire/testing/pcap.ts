/**
 * A minimal libpcap file writer (classic format, microsecond timestamps) for raw IPv4 packets, so that
 * tcpdump can read what the encoders produce.
 */
const MAGIC = 0xa1b2c3d4;
/** LINKTYPE_RAW: each record is an IP packet with no link-layer header. */
const LINKTYPE_RAW = 101;
const SNAPLEN = 0xffff;

export function pcapFile(packets: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(SNAPLEN, 16);
  header.writeUInt32LE(LINKTYPE_RAW, 20);
  const records = packets.flatMap((packet, i) => {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(1_700_000_000 + i, 0);
    record.writeUInt32LE(packet.length, 8);
    record.writeUInt32LE(packet.length, 12);
    return [record, packet];
  });
  return Buffer.concat([header, ...records]);
}
