import { type DecodeError, decodeError } from '../decode-error.js';
import { readIpv4Address, writeIpv4Address } from '../ipv4/address.js';
import { checkUint } from './common.js';
import type { EncodedSource } from './message.js';

/**
 * The encoded address formats of RFC 7761 §4.9.1, IPv4 only: address family 1 (IANA) with the native
 * encoding 0. Each starts with family and encoding type; decoders check there are enough bytes, refuse
 * other families, encodings and IPv4 mask lengths over 32, and ignore the reserved bits.
 */
export const ADDRESS_FAMILY_IPV4 = 1;
export const ADDRESS_FAMILY_IPV6 = 2;
export const NATIVE_ENCODING = 0;

export const ENCODED_UNICAST_LENGTH = 6;
export const ENCODED_GROUP_LENGTH = 8;
export const ENCODED_SOURCE_LENGTH = 8;
/** An IPv6 Encoded-Unicast address (2 + 16 bytes), which IPv4 decoders can only skip. */
export const ENCODED_UNICAST_IPV6_LENGTH = 18;

const MAX_MASK_LENGTH = 32;
/** Encoded-Group flags byte: |B| Reserved |Z|. */
const B_BIT = 0x80;
const Z_BIT = 0x01;
/** Encoded-Source flags byte: | Rsrvd |S|W|R|. */
const S_BIT = 0x04;
const WC_BIT = 0x02;
const RPT_BIT = 0x01;

/** An Encoded-Group address (RFC 7761 §4.9.1). */
export interface EncodedGroup {
  address: string;
  maskLength: number;
  /** B bit: the group range is Bidirectional PIM (RFC 5015). */
  bidir: boolean;
  /** Z bit: the group range is an admin scope zone. */
  adminScope: boolean;
}

function checkFamily(buf: Buffer, offset: number, length: number, what: string): DecodeError | undefined {
  if (offset + length > buf.length) return decodeError(`${what} truncated at byte ${offset}`);
  const family = buf.readUInt8(offset);
  if (family !== ADDRESS_FAMILY_IPV4) return decodeError(`${what}: unsupported address family ${family}`);
  const encoding = buf.readUInt8(offset + 1);
  if (encoding !== NATIVE_ENCODING) return decodeError(`${what}: unsupported encoding type ${encoding}`);
  return undefined;
}

function checkMaskLength(buf: Buffer, offset: number, what: string): number | DecodeError {
  const maskLength = buf.readUInt8(offset);
  if (maskLength > MAX_MASK_LENGTH) return decodeError(`${what}: mask length ${maskLength} is over 32`);
  return maskLength;
}

function writeFamily(buf: Buffer, offset: number): void {
  buf.writeUInt8(ADDRESS_FAMILY_IPV4, offset);
  buf.writeUInt8(NATIVE_ENCODING, offset + 1);
}

/** Encoded-Unicast (§4.9.1): family, encoding type, address. */
export function decodeEncodedUnicast(buf: Buffer, offset: number): string | DecodeError {
  const bad = checkFamily(buf, offset, ENCODED_UNICAST_LENGTH, 'Encoded-Unicast address');
  if (bad) return bad;
  return readIpv4Address(buf, offset + 2);
}

export function writeEncodedUnicast(buf: Buffer, offset: number, address: string): void {
  writeFamily(buf, offset);
  writeIpv4Address(buf, offset + 2, address);
}

/** Encoded-Group (§4.9.1): family, encoding type, B and Z bits, mask length, group address. */
export function decodeEncodedGroup(buf: Buffer, offset: number): EncodedGroup | DecodeError {
  const bad = checkFamily(buf, offset, ENCODED_GROUP_LENGTH, 'Encoded-Group address');
  if (bad) return bad;
  const maskLength = checkMaskLength(buf, offset + 3, 'Encoded-Group address');
  if (typeof maskLength !== 'number') return maskLength;
  const flags = buf.readUInt8(offset + 2);
  return {
    address: readIpv4Address(buf, offset + 4),
    maskLength,
    bidir: (flags & B_BIT) !== 0,
    adminScope: (flags & Z_BIT) !== 0,
  };
}

export function writeEncodedGroup(buf: Buffer, offset: number, group: EncodedGroup): void {
  writeFamily(buf, offset);
  buf.writeUInt8((group.bidir ? B_BIT : 0) | (group.adminScope ? Z_BIT : 0), offset + 2);
  buf.writeUInt8(checkUint('group mask length', group.maskLength, MAX_MASK_LENGTH), offset + 3);
  writeIpv4Address(buf, offset + 4, group.address);
}

/** Encoded-Source (§4.9.1): family, encoding type, S, WC and RPT bits, mask length, source address. */
export function decodeEncodedSource(buf: Buffer, offset: number): EncodedSource | DecodeError {
  const bad = checkFamily(buf, offset, ENCODED_SOURCE_LENGTH, 'Encoded-Source address');
  if (bad) return bad;
  const maskLength = checkMaskLength(buf, offset + 3, 'Encoded-Source address');
  if (typeof maskLength !== 'number') return maskLength;
  const flags = buf.readUInt8(offset + 2);
  return {
    address: readIpv4Address(buf, offset + 4),
    maskLength,
    sparse: (flags & S_BIT) !== 0,
    wildcard: (flags & WC_BIT) !== 0,
    rpt: (flags & RPT_BIT) !== 0,
  };
}

export function writeEncodedSource(buf: Buffer, offset: number, source: EncodedSource): void {
  writeFamily(buf, offset);
  buf.writeUInt8(
    (source.sparse ? S_BIT : 0) | (source.wildcard ? WC_BIT : 0) | (source.rpt ? RPT_BIT : 0),
    offset + 2,
  );
  buf.writeUInt8(checkUint('source mask length', source.maskLength, MAX_MASK_LENGTH), offset + 3);
  writeIpv4Address(buf, offset + 4, source.address);
}
