import { type DecodeError, decodeError } from '../decode-error.js';
import { decodeIpv4, encodeIpv4, type Ipv4Packet } from '../ipv4/header.js';
import { decodePim, encodePim } from './header.js';
import { PIM_PROTOCOL, type PimMessage } from './message.js';

/**
 * PIM control messages go to ALL-PIM-ROUTERS (224.0.0.13) with TTL 1 (RFC 7761 §4.9, RFC 3973 §4.7.1);
 * unicast Graft and Graft-Ack go to a neighbor on the link, so TTL 1 suits them too. Register and
 * Register-Stop travel between a DR and the RP, any number of hops apart, with "the system's normal
 * unicast TTL" (RFC 7761 §4.9.3): Linux's default, 64. IP precedence Internetwork Control (TOS 0xc0) as
 * routers send control traffic; no Router Alert.
 */
const PIM_TTL = 1;
const UNICAST_TTL = 64;
const ROUTED_TYPES: ReadonlySet<PimMessage['type']> = new Set(['register', 'register-stop']);
const PIM_TOS = 0xc0;

export interface PimPacket {
  ip: Ipv4Packet;
  message: PimMessage;
}

/**
 * The whole IPv4 packet as a PIM router sends it: TTL 1 (64 for Register and Register-Stop), TOS 0xc0,
 * protocol 103, no options. Like the IGMP packets it sets Don't Fragment and leaves the identification 0.
 * Throws as `encodePim` and `encodeIpv4` do (a Register too long for one IPv4 packet).
 */
export function encodePimPacket(msg: PimMessage, addresses: { src: string; dst: string }): Buffer {
  return encodeIpv4({
    src: addresses.src,
    dst: addresses.dst,
    ttl: ROUTED_TYPES.has(msg.type) ? UNICAST_TTL : PIM_TTL,
    tos: PIM_TOS,
    protocol: PIM_PROTOCOL,
    routerAlert: false,
    dontFragment: true,
    payload: encodePim(msg),
  });
}

/**
 * Decodes an IPv4 packet carrying PIM. TTL and addresses are returned, not judged (whether to drop a
 * Hello with TTL over 1 is the protocol's call). Fragments are refused.
 */
export function decodePimPacket(buf: Buffer): PimPacket | DecodeError {
  const ip = decodeIpv4(buf);
  if ('error' in ip) return ip;
  if (ip.protocol !== PIM_PROTOCOL) return decodeError(`IPv4 protocol ${ip.protocol} is not PIM`);
  if (ip.moreFragments || ip.fragmentOffset !== 0) return decodeError('fragmented PIM packet');
  const message = decodePim(ip.payload);
  if ('error' in message) return message;
  return { ip, message };
}
