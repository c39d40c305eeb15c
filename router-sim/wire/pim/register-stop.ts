import { type DecodeError, decodeError } from '../decode-error.js';
import { newPimMessage, PIM_HEADER_LENGTH, PIM_TYPE, pimType, sealPimChecksum } from './common.js';
import {
  decodeEncodedGroup,
  decodeEncodedUnicast,
  ENCODED_GROUP_LENGTH,
  ENCODED_UNICAST_LENGTH,
  writeEncodedGroup,
  writeEncodedUnicast,
} from './encoded-address.js';
import type { RegisterStop } from './message.js';

const SOURCE_OFFSET = PIM_HEADER_LENGTH + ENCODED_GROUP_LENGTH;
export const REGISTER_STOP_LENGTH = SOURCE_OFFSET + ENCODED_UNICAST_LENGTH;

/**
 * Decodes a Register-Stop (type 2, RFC 7761 §4.9.4): group (Encoded-Group, its mask length and flags
 * ignored), source (Encoded-Unicast; 0.0.0.0 for any source). Bytes past them are ignored.
 */
export function decodeRegisterStop(buf: Buffer): RegisterStop | DecodeError {
  if (buf.length < REGISTER_STOP_LENGTH) return decodeError(`Register-Stop truncated: ${buf.length} bytes`);
  if (pimType(buf) !== PIM_TYPE.registerStop) {
    return decodeError(`Register-Stop: type ${pimType(buf)} is not 2`);
  }
  const group = decodeEncodedGroup(buf, PIM_HEADER_LENGTH);
  if ('error' in group) return decodeError(`Register-Stop group: ${group.error}`);
  const source = decodeEncodedUnicast(buf, SOURCE_OFFSET);
  if (typeof source !== 'string') return decodeError(`Register-Stop source: ${source.error}`);
  return { type: 'register-stop', group: group.address, source };
}

/** Encodes a Register-Stop with a /32 group mask (§4.9.4: a single group). Throws on a bad address. */
export function encodeRegisterStop(msg: RegisterStop): Buffer {
  const buf = newPimMessage(PIM_TYPE.registerStop, REGISTER_STOP_LENGTH);
  writeEncodedGroup(buf, PIM_HEADER_LENGTH, {
    address: msg.group,
    maskLength: 32,
    bidir: false,
    adminScope: false,
  });
  writeEncodedUnicast(buf, SOURCE_OFFSET, msg.source);
  return sealPimChecksum(buf);
}
