import { type DecodeError, decodeError } from '../decode-error.js';
import { readIpv4Address, writeIpv4Address } from '../ipv4/address.js';
import { IGMP_MIN_LENGTH, sealIgmpChecksum } from './common.js';

/**
 * The 8-byte layout shared by the v1 report, v2 report and v2 leave (RFC 2236 §2): type, an unused code
 * (zero when sent, ignored when received), checksum, group address. RFC 2236 §2.5: bytes past the first 8
 * are ignored (but covered by the checksum, which `decodeIgmp` verifies).
 */
export function decodeGroupMessage(buf: Buffer, type: number, name: string): { group: string } | DecodeError {
  if (buf.length < IGMP_MIN_LENGTH) return decodeError(`${name} truncated: ${buf.length} bytes`);
  if (buf[0] !== type) return decodeError(`${name}: type 0x${(buf[0] ?? 0).toString(16)} is not ours`);
  return { group: readIpv4Address(buf, 4) };
}

export function encodeGroupMessage(type: number, group: string): Buffer {
  const buf = Buffer.alloc(IGMP_MIN_LENGTH);
  buf.writeUInt8(type, 0);
  writeIpv4Address(buf, 4, group);
  return sealIgmpChecksum(buf);
}
