import { internetChecksum } from '../checksum.js';
import { type DecodeError, decodeError } from '../decode-error.js';
import { decodeIpv4, encodeIpv4, type Ipv4Packet } from '../ipv4/header.js';
import { IGMP_MIN_LENGTH, IGMP_TYPE } from './common.js';
import type { IgmpMessage } from './message.js';
import { decodeQuery, encodeQuery } from './query.js';
import { decodeV1Report, encodeV1Report } from './v1-report.js';
import { decodeV2Leave, encodeV2Leave } from './v2-leave.js';
import { decodeV2Report, encodeV2Report } from './v2-report.js';
import { decodeV3Report, encodeV3Report } from './v3-report.js';

/** IP protocol number of IGMP. */
export const IGMP_PROTOCOL = 2;
/** RFC 3376 §4: TTL 1 and IP precedence Internetwork Control (TOS 0xc0). */
const IGMP_TTL = 1;
const IGMP_TOS = 0xc0;

/**
 * Decodes an IGMP message (the IP payload, all of it): verifies the checksum over the whole message
 * (RFC 3376 §4.1.2, §4.2.2; RFC 2236 §2.3), then decodes by type.
 */
export function decodeIgmp(buf: Buffer): IgmpMessage | DecodeError {
  if (buf.length < IGMP_MIN_LENGTH) return decodeError(`IGMP message truncated: ${buf.length} bytes`);
  if (internetChecksum(buf) !== 0) return decodeError('IGMP checksum mismatch');
  const type = buf.readUInt8(0);
  switch (type) {
    case IGMP_TYPE.query:
      return decodeQuery(buf);
    case IGMP_TYPE.v1Report:
      return decodeV1Report(buf);
    case IGMP_TYPE.v2Report:
      return decodeV2Report(buf);
    case IGMP_TYPE.v2Leave:
      return decodeV2Leave(buf);
    case IGMP_TYPE.v3Report:
      return decodeV3Report(buf);
    default:
      return decodeError(`unknown IGMP type 0x${type.toString(16).padStart(2, '0')}`);
  }
}

/** Encodes an IGMP message, checksum included. Throws on a message no wire format can carry. */
export function encodeIgmp(msg: IgmpMessage): Buffer {
  switch (msg.type) {
    case 'query':
      return encodeQuery(msg);
    case 'v1-report':
      return encodeV1Report(msg);
    case 'v2-report':
      return encodeV2Report(msg);
    case 'v2-leave':
      return encodeV2Leave(msg);
    case 'v3-report':
      return encodeV3Report(msg);
  }
}

export interface IgmpPacket {
  ip: Ipv4Packet;
  message: IgmpMessage;
}

/**
 * The whole IPv4 packet as IGMP speakers send it (RFC 3376 §4, RFC 2236 §2): TTL 1, TOS 0xc0, protocol 2,
 * Router Alert option. Like Linux it sets Don't Fragment and leaves the identification 0: fragments are
 * refused on decode anyway.
 */
export function encodeIgmpPacket(msg: IgmpMessage, addresses: { src: string; dst: string }): Buffer {
  return encodeIpv4({
    src: addresses.src,
    dst: addresses.dst,
    ttl: IGMP_TTL,
    tos: IGMP_TOS,
    protocol: IGMP_PROTOCOL,
    routerAlert: true,
    dontFragment: true,
    payload: encodeIgmp(msg),
  });
}

/**
 * Decodes an IPv4 packet carrying IGMP. TTL, Router Alert and addresses are returned, not judged: whether
 * to ignore a message without Router Alert (RFC 3376 §9.1) is the protocol's call. Fragments are refused.
 */
export function decodeIgmpPacket(buf: Buffer): IgmpPacket | DecodeError {
  const ip = decodeIpv4(buf);
  if ('error' in ip) return ip;
  if (ip.protocol !== IGMP_PROTOCOL) return decodeError(`IPv4 protocol ${ip.protocol} is not IGMP`);
  if (ip.moreFragments || ip.fragmentOffset !== 0) return decodeError('fragmented IGMP packet');
  const message = decodeIgmp(ip.payload);
  if ('error' in message) return message;
  return { ip, message };
}
