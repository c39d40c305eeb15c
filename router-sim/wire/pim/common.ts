import { internetChecksum } from '../checksum.js';

/** RFC 7761 §4.9: every PIM message starts with version, type, reserved and checksum in 4 bytes. */
export const PIM_VERSION = 2;
export const PIM_HEADER_LENGTH = 4;

/** PIM message types (RFC 7761 §4.9, RFC 3973 §4.7.1). */
export const PIM_TYPE = {
  hello: 0,
  register: 1,
  registerStop: 2,
  joinPrune: 3,
  bootstrap: 4,
  assert: 5,
  graft: 6,
  graftAck: 7,
  candidateRp: 8,
  stateRefresh: 9,
} as const;

/** The type in the low nibble of the first byte; the caller has checked that there is one. */
export function pimType(buf: Buffer): number {
  return (buf[0] ?? 0) & 0x0f;
}

/** A zeroed message of `length` bytes with the version and type written in. */
export function newPimMessage(type: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  buf.writeUInt8((PIM_VERSION << 4) | type, 0);
  return buf;
}

/**
 * RFC 7761 §4.9.3: a Register's checksum covers only its first 8 bytes, the header and the flags word after
 * it, not the encapsulated packet.
 */
export const REGISTER_CHECKSUM_LENGTH = 8;

/**
 * Fills in the checksum at bytes 2-3, computed over the first `end` bytes: the whole message (RFC 7761
 * §4.9) but for a Register.
 */
export function sealPimChecksum(buf: Buffer, end = buf.length): Buffer {
  buf.writeUInt16BE(0, 2);
  buf.writeUInt16BE(internetChecksum(buf, 0, end), 2);
  return buf;
}

/** Encoders are given messages built by code: an out-of-range field throws. */
export function checkUint(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`PIM ${name} must be an integer in [0, ${max}], got ${value}`);
  }
  return value;
}
