import { internetChecksum } from '../checksum.js';

/** IGMP message types (RFC 3376 §4; RFC 2236 §2.1; RFC 1112 Appendix I for the v1 report). */
export const IGMP_TYPE = {
  query: 0x11,
  v1Report: 0x12,
  v2Report: 0x16,
  v2Leave: 0x17,
  v3Report: 0x22,
} as const;

/** Every IGMP message starts with type, code, checksum (RFC 2236 §2) and is at least 8 bytes long. */
export const IGMP_MIN_LENGTH = 8;

/** Fills in the checksum at bytes 2-3, computed over the whole IGMP message (RFC 3376 §4.1.2). */
export function sealIgmpChecksum(buf: Buffer): Buffer {
  buf.writeUInt16BE(0, 2);
  buf.writeUInt16BE(internetChecksum(buf), 2);
  return buf;
}
