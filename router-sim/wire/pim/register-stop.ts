import { type DecodeError, decodeError } from '../decode-error.js';
import { newPimMessage, PIM_TYPE, pimType, sealPimChecksum } from './common.js';
import { decodeGroupSource, GROUP_SOURCE_END, writeGroupSource } from './group-source.js';
import type { RegisterStop } from './message.js';

export const REGISTER_STOP_LENGTH = GROUP_SOURCE_END;

/**
 * Decodes a Register-Stop (type 2, RFC 7761 §4.9.4): group (Encoded-Group, its mask length and flags
 * ignored), source (Encoded-Unicast; 0.0.0.0 for any source). Bytes past them are ignored.
 */
export function decodeRegisterStop(buf: Buffer): RegisterStop | DecodeError {
  if (buf.length < REGISTER_STOP_LENGTH) return decodeError(`Register-Stop truncated: ${buf.length} bytes`);
  if (pimType(buf) !== PIM_TYPE.registerStop) {
    return decodeError(`Register-Stop: type ${pimType(buf)} is not 2`);
  }
  const groupSource = decodeGroupSource(buf, 'Register-Stop');
  if ('error' in groupSource) return groupSource;
  return { type: 'register-stop', ...groupSource };
}

/** Encodes a Register-Stop with a /32 group mask (§4.9.4: a single group). Throws on a bad address. */
export function encodeRegisterStop(msg: RegisterStop): Buffer {
  const buf = newPimMessage(PIM_TYPE.registerStop, REGISTER_STOP_LENGTH);
  writeGroupSource(buf, msg);
  return sealPimChecksum(buf);
}
