import { internetChecksum } from '../checksum.js';
import { type DecodeError, decodeError } from '../decode-error.js';
import { readIpv4Address, writeIpv4Address } from './address.js';
import {
  decodeIpv4Options,
  ROUTER_ALERT_LENGTH,
  ROUTER_ALERT_TYPE,
  writeRouterAlertOption,
} from './options.js';

/** What `encodeIpv4` needs. The header fields left out default to 0 / false. */
export interface Ipv4Fields {
  src: string;
  dst: string;
  ttl: number;
  /** IP protocol number (2 is IGMP). */
  protocol: number;
  /** Carry the RFC 2113 Router Alert option (4 bytes, so a 24-byte header). */
  routerAlert: boolean;
  payload: Buffer;
  /** Type of Service / DSCP+ECN octet. */
  tos?: number;
  identification?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** In units of 8 octets, as on the wire. */
  fragmentOffset?: number;
}

/** A decoded IPv4 packet. `payload` is a view into the decoded buffer, cut at the header's total length. */
export interface Ipv4Packet extends Required<Ipv4Fields> {
  /** In bytes (IHL × 4). */
  headerLength: number;
}

const MIN_HEADER = 20;
const MAX_TOTAL_LENGTH = 0xffff;

/**
 * Decodes an IPv4 packet as it is on the wire (RFC 791 §3.1), as Linux raw sockets and packet captures
 * deliver it: total length in network order. Bytes past the total length (link-layer padding) are ignored.
 */
export function decodeIpv4(buf: Buffer): Ipv4Packet | DecodeError {
  if (buf.length < MIN_HEADER) return decodeError(`IPv4 packet truncated: ${buf.length} bytes`);
  const first = buf.readUInt8(0);
  const version = first >> 4;
  if (version !== 4) return decodeError(`not IPv4: version ${version}`);
  const headerLength = (first & 0x0f) * 4;
  if (headerLength < MIN_HEADER) return decodeError(`IPv4 IHL ${headerLength / 4} is below 5`);
  const totalLength = buf.readUInt16BE(2);
  if (totalLength < headerLength) {
    return decodeError(`IPv4 total length ${totalLength} is shorter than the header (${headerLength})`);
  }
  if (totalLength > buf.length) {
    return decodeError(`IPv4 packet truncated: total length ${totalLength}, have ${buf.length} bytes`);
  }
  if (internetChecksum(buf, 0, headerLength) !== 0) return decodeError('IPv4 header checksum mismatch');
  const options = decodeIpv4Options(buf.subarray(MIN_HEADER, headerLength));
  if ('error' in options) return options;
  const flagsAndOffset = buf.readUInt16BE(6);
  return {
    src: readIpv4Address(buf, 12),
    dst: readIpv4Address(buf, 16),
    ttl: buf.readUInt8(8),
    protocol: buf.readUInt8(9),
    routerAlert: options.some((o) => o.type === ROUTER_ALERT_TYPE),
    headerLength,
    payload: buf.subarray(headerLength, totalLength),
    tos: buf.readUInt8(1),
    identification: buf.readUInt16BE(4),
    dontFragment: (flagsAndOffset & 0x4000) !== 0,
    moreFragments: (flagsAndOffset & 0x2000) !== 0,
    fragmentOffset: flagsAndOffset & 0x1fff,
  };
}

function checkField(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`IPv4 ${name} must be an integer in [0, ${max}], got ${value}`);
  }
  return value;
}

/**
 * Encodes an IPv4 packet (RFC 791 §3.1) and computes its header checksum. The only option it writes is
 * Router Alert (RFC 2113 §2.1), which makes the IHL 6. Throws on a bad address, an out-of-range field or a
 * packet over 65535 bytes.
 */
export function encodeIpv4(fields: Ipv4Fields): Buffer {
  const headerLength = fields.routerAlert ? MIN_HEADER + ROUTER_ALERT_LENGTH : MIN_HEADER;
  const totalLength = headerLength + fields.payload.length;
  if (totalLength > MAX_TOTAL_LENGTH) throw new RangeError(`IPv4 packet of ${totalLength} bytes is too long`);
  const buf = Buffer.alloc(totalLength);
  buf.writeUInt8(0x40 | (headerLength / 4), 0);
  buf.writeUInt8(checkField('TOS', fields.tos ?? 0, 0xff), 1);
  buf.writeUInt16BE(totalLength, 2);
  buf.writeUInt16BE(checkField('identification', fields.identification ?? 0, 0xffff), 4);
  const offset = checkField('fragment offset', fields.fragmentOffset ?? 0, 0x1fff);
  buf.writeUInt16BE((fields.dontFragment ? 0x4000 : 0) | (fields.moreFragments ? 0x2000 : 0) | offset, 6);
  buf.writeUInt8(checkField('TTL', fields.ttl, 0xff), 8);
  buf.writeUInt8(checkField('protocol', fields.protocol, 0xff), 9);
  writeIpv4Address(buf, 12, fields.src);
  writeIpv4Address(buf, 16, fields.dst);
  if (fields.routerAlert) writeRouterAlertOption(buf, MIN_HEADER);
  buf.writeUInt16BE(internetChecksum(buf, 0, headerLength), 10);
  fields.payload.copy(buf, headerLength);
  return buf;
}
