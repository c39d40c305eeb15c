import { type DecodeError, decodeError } from '../decode-error.js';
import { encodeIpv4 } from '../ipv4/header.js';
import {
  newPimMessage,
  PIM_HEADER_LENGTH,
  PIM_TYPE,
  pimType,
  REGISTER_CHECKSUM_LENGTH,
  sealPimChecksum,
} from './common.js';
import type { Register } from './message.js';

/** After the header: |B|N| Reserved2 (30 bits) |, then the encapsulated packet. */
const FLAGS_OFFSET = PIM_HEADER_LENGTH;
const PACKET_OFFSET = FLAGS_OFFSET + 4;
/** In the first byte of the flags word. */
const B_BIT = 0x80;
const N_BIT = 0x40;
/** The encapsulated packet must hold at least an IPv4 header without options, where S and G are. */
export const MIN_REGISTERED_PACKET_LENGTH = 20;

/**
 * The IP version of an encapsulated packet, or why it cannot be one. RFC 7761 §4.9.3 wants the packet in
 * the family of the PIM packet around it: IPv4. A Null-Register's dummy header may also have version 0,
 * which tcpdump prints as an "IP-Null-header": some senders zero all of it but the addresses.
 */
function packetProblem(packet: Buffer, nullRegister: boolean): string | undefined {
  if (packet.length < MIN_REGISTERED_PACKET_LENGTH) {
    return `encapsulated packet of ${packet.length} bytes is shorter than an IPv4 header`;
  }
  const version = (packet[0] ?? 0) >> 4;
  if (version === 4 || (version === 0 && nullRegister)) return undefined;
  return `encapsulated packet has IP version ${version}, not 4`;
}

/**
 * Decodes a Register (type 1, RFC 7761 §4.9.3): the B and N bits (Reserved2 ignored), then the
 * encapsulated packet up to the end of the message, returned as a view. The packet must be at least an
 * IPv4 header long and of version 4 (or 0 in a Null-Register); its header is not otherwise checked, so that
 * S and G can be read from a dummy header whose checksum or length the sender did not fill in. The PIM
 * checksum, which covers only the first 8 bytes, is the caller's (`decodePim`) to verify.
 */
export function decodeRegister(buf: Buffer): Register | DecodeError {
  if (buf.length < PACKET_OFFSET) return decodeError(`Register truncated: ${buf.length} bytes`);
  if (pimType(buf) !== PIM_TYPE.register) return decodeError(`Register: type ${pimType(buf)} is not 1`);
  const flags = buf.readUInt8(FLAGS_OFFSET);
  const nullRegister = (flags & N_BIT) !== 0;
  const packet = buf.subarray(PACKET_OFFSET);
  const problem = packetProblem(packet, nullRegister);
  if (problem !== undefined) return decodeError(`Register: ${problem}`);
  return { type: 'register', border: (flags & B_BIT) !== 0, nullRegister, packet };
}

/**
 * Encodes a Register with its checksum over the first 8 bytes only (RFC 7761 §4.9.3). Throws on an
 * encapsulated packet shorter than an IPv4 header or of another IP version (0 allowed in a Null-Register).
 */
export function encodeRegister(msg: Register): Buffer {
  const problem = packetProblem(msg.packet, msg.nullRegister);
  if (problem !== undefined) throw new RangeError(`PIM Register: ${problem}`);
  const buf = newPimMessage(PIM_TYPE.register, PACKET_OFFSET + msg.packet.length);
  buf.writeUInt8((msg.border ? B_BIT : 0) | (msg.nullRegister ? N_BIT : 0), FLAGS_OFFSET);
  msg.packet.copy(buf, PACKET_OFFSET);
  return sealPimChecksum(buf, REGISTER_CHECKSUM_LENGTH);
}

/**
 * The dummy IP header a Null-Register carries in place of a data packet (RFC 7761 §4.4.1): 20 bytes naming
 * the source and the group, total length 20, TTL, protocol and the other fields 0, header checksum right.
 * Throws on a bad address.
 */
export function nullRegisterHeader(source: string, group: string): Buffer {
  return encodeIpv4({
    src: source,
    dst: group,
    ttl: 0,
    protocol: 0,
    routerAlert: false,
    payload: Buffer.alloc(0),
  });
}
