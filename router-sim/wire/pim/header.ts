import { internetChecksum } from '../checksum.js';
import { type DecodeError, decodeError } from '../decode-error.js';
import { decodeAssert, encodeAssert } from './assert.js';
import { PIM_HEADER_LENGTH, PIM_TYPE, PIM_VERSION, pimType, REGISTER_CHECKSUM_LENGTH } from './common.js';
import { decodeHello, encodeHello } from './hello.js';
import { decodeJoinPrune, encodeJoinPrune } from './join-prune.js';
import type { PimMessage } from './message.js';
import { decodeRegister, encodeRegister } from './register.js';
import { decodeRegisterStop, encodeRegisterStop } from './register-stop.js';
import { decodeStateRefresh, encodeStateRefresh } from './state-refresh.js';

const DECODERS = new Map<number, (buf: Buffer) => PimMessage | DecodeError>([
  [PIM_TYPE.hello, decodeHello],
  [PIM_TYPE.register, decodeRegister],
  [PIM_TYPE.registerStop, decodeRegisterStop],
  [PIM_TYPE.joinPrune, decodeJoinPrune],
  [PIM_TYPE.assert, decodeAssert],
  [PIM_TYPE.graft, decodeJoinPrune],
  [PIM_TYPE.graftAck, decodeJoinPrune],
  [PIM_TYPE.stateRefresh, decodeStateRefresh],
]);

/**
 * Decodes a PIM message (the IP payload, all of it). The common header (RFC 7761 §4.9) is version (4 bits,
 * must be 2), type (4 bits), reserved (8 bits, ignored), checksum over the whole message, verified. A
 * Register's checksum covers only its first 8 bytes (§4.9.3), but one over the whole Register is accepted
 * too, as §4.9.3 asks for interoperability. Types 0 Hello, 1 Register, 2 Register-Stop, 3 Join/Prune,
 * 5 Assert, 6 Graft, 7 Graft-Ack and 9 State Refresh are decoded; any other is an "unsupported type".
 */
export function decodePim(buf: Buffer): PimMessage | DecodeError {
  if (buf.length < PIM_HEADER_LENGTH) return decodeError(`PIM message truncated: ${buf.length} bytes`);
  const version = (buf[0] ?? 0) >> 4;
  if (version !== PIM_VERSION) return decodeError(`PIM version ${version} is not 2`);
  const type = pimType(buf);
  const decode = DECODERS.get(type);
  if (decode === undefined) return decodeError(`unsupported type ${type}`);
  if (!checksumVerifies(buf, type)) return decodeError('PIM checksum mismatch');
  return decode(buf);
}

function checksumVerifies(buf: Buffer, type: number): boolean {
  if (type === PIM_TYPE.register) {
    const covered = Math.min(buf.length, REGISTER_CHECKSUM_LENGTH);
    if (internetChecksum(buf, 0, covered) === 0) return true;
  }
  return internetChecksum(buf) === 0;
}

/**
 * Encodes a PIM message, header and checksum included (a Register's over its first 8 bytes only). Throws on
 * a message the wire format cannot carry.
 */
export function encodePim(msg: PimMessage): Buffer {
  switch (msg.type) {
    case 'hello':
      return encodeHello(msg);
    case 'register':
      return encodeRegister(msg);
    case 'register-stop':
      return encodeRegisterStop(msg);
    case 'join-prune':
    case 'graft':
    case 'graft-ack':
      return encodeJoinPrune(msg);
    case 'assert':
      return encodeAssert(msg);
    case 'state-refresh':
      return encodeStateRefresh(msg);
  }
}
