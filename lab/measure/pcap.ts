import { decodeError } from '../../router-sim/wire/decode-error.js';
import { decodeIgmp } from '../../router-sim/wire/igmp/igmp.js';
import type { IgmpMessage } from '../../router-sim/wire/igmp/message.js';
import { decodeIpv4 } from '../../router-sim/wire/ipv4/header.js';
import { decodePim } from '../../router-sim/wire/pim/header.js';
import type { PimMessage } from '../../router-sim/wire/pim/message.js';

/**
 * A captured IPv4 packet, decoded as far as the lab's codecs go: IGMP and PIM by router-sim's own wire
 * code (a packet it would refuse says why in `error`), UDP down to its payload.
 */
export interface CapturedPacket {
  /** Seconds since the epoch, as the capture stamped it. */
  time: number;
  source: string;
  destination: string;
  ttl: number;
  protocol: number;
  igmp?: IgmpMessage;
  pim?: PimMessage;
  udp?: { sourcePort: number; destinationPort: number; payload: Buffer };
  /** Why an IGMP, PIM or UDP payload did not decode. */
  error?: string;
}

const ETHERTYPE_IPV4 = 0x0800;
const LINKTYPE_ETHERNET = 1;
const MAGIC_MICROSECONDS = 0xa1b2c3d4;
const MAGIC_NANOSECONDS = 0xa1b23c4d;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

/** The IPv4 packets of a classic pcap file of Ethernet frames (what `tcpdump -w` on a bridge writes). */
export function readPcap(file: Buffer): CapturedPacket[] {
  if (file.length < GLOBAL_HEADER) throw new Error('not a pcap file: shorter than its header');
  const magic = file.readUInt32LE(0);
  const little = magic === MAGIC_MICROSECONDS || magic === MAGIC_NANOSECONDS;
  const big = file.readUInt32BE(0) === MAGIC_MICROSECONDS || file.readUInt32BE(0) === MAGIC_NANOSECONDS;
  if (!little && !big) throw new Error(`not a pcap file: magic 0x${magic.toString(16)}`);
  const u32 = (offset: number) => (little ? file.readUInt32LE(offset) : file.readUInt32BE(offset));
  const fraction = (little ? magic : file.readUInt32BE(0)) === MAGIC_NANOSECONDS ? 1e9 : 1e6;
  const linkType = u32(20);
  if (linkType !== LINKTYPE_ETHERNET) throw new Error(`pcap link type ${linkType} is not Ethernet`);

  const packets: CapturedPacket[] = [];
  // A record cut short by a capture that stopped mid-write ends the file.
  for (let at = GLOBAL_HEADER; at + RECORD_HEADER <= file.length; ) {
    const time = u32(at) + u32(at + 4) / fraction;
    const length = u32(at + 8);
    const frame = file.subarray(at + RECORD_HEADER, at + RECORD_HEADER + length);
    at += RECORD_HEADER + length;
    if (frame.length < length || frame.length < 14 || frame.readUInt16BE(12) !== ETHERTYPE_IPV4) continue;
    const packet = decodePacket(time, frame.subarray(14));
    if (packet) packets.push(packet);
  }
  return packets;
}

const IGMP = 2;
const UDP = 17;
const PIM = 103;

function decodePacket(time: number, bytes: Buffer): CapturedPacket | undefined {
  const ip = decodeIpv4(bytes);
  if ('error' in ip) return undefined;
  const head = { time, source: ip.src, destination: ip.dst, ttl: ip.ttl, protocol: ip.protocol };
  const payload = payloadOf(ip.protocol, ip.payload);
  return 'error' in payload ? { ...head, error: payload.error } : { ...head, ...payload };
}

function payloadOf(protocol: number, payload: Buffer): Partial<CapturedPacket> | { error: string } {
  if (protocol === IGMP) {
    const igmp = decodeIgmp(payload);
    return 'error' in igmp ? igmp : { igmp };
  }
  if (protocol === PIM) {
    const pim = decodePim(payload);
    return 'error' in pim ? pim : { pim };
  }
  if (protocol === UDP) {
    if (payload.length < 8) return decodeError(`UDP datagram truncated: ${payload.length} bytes`);
    const udp = {
      sourcePort: payload.readUInt16BE(0),
      destinationPort: payload.readUInt16BE(2),
      payload: payload.subarray(8, payload.readUInt16BE(4)),
    };
    return { udp };
  }
  return {};
}
