import { type DecodeError, decodeError } from '../decode-error.js';
import { checkUint, newPimMessage, PIM_HEADER_LENGTH, PIM_TYPE, pimType, sealPimChecksum } from './common.js';
import {
  ADDRESS_FAMILY_IPV6,
  decodeEncodedUnicast,
  ENCODED_UNICAST_IPV6_LENGTH,
  ENCODED_UNICAST_LENGTH,
  writeEncodedUnicast,
} from './encoded-address.js';
import type { Hello, HelloOptions } from './message.js';

/** Hello option types (RFC 7761 §4.9.2, RFC 3973 §4.7.5). */
export const HELLO_OPTION = {
  holdtime: 1,
  lanPruneDelay: 2,
  drPriority: 19,
  generationId: 20,
  stateRefresh: 21,
  addressList: 24,
} as const;

/** Each option is a 2-byte type, a 2-byte length and the value (§4.9.2). */
const OPTION_HEADER_LENGTH = 4;
const FIXED_LENGTH: ReadonlyMap<number, number> = new Map([
  [HELLO_OPTION.holdtime, 2],
  [HELLO_OPTION.lanPruneDelay, 4],
  [HELLO_OPTION.drPriority, 4],
  [HELLO_OPTION.generationId, 4],
  [HELLO_OPTION.stateRefresh, 4],
]);
/** LAN Prune Delay: |T| Propagation_Delay (15 bits) | Override_Interval (16 bits) |. */
const T_BIT = 0x8000;
const MAX_OPTION_LENGTH = 0xffff;

/**
 * Decodes a Hello (type 0, RFC 7761 §4.9.2; RFC 3973 §4.7.5): a sequence of options up to the end of the
 * message. Unknown options are skipped (§4.9.2); a known option of the wrong length, or an option running
 * past the end, makes the message invalid. A repeated option: the last one counts. In the Address List,
 * IPv6 entries are skipped and any other family refused.
 */
export function decodeHello(buf: Buffer): Hello | DecodeError {
  if (buf.length < PIM_HEADER_LENGTH) return decodeError(`Hello truncated: ${buf.length} bytes`);
  if (pimType(buf) !== PIM_TYPE.hello) return decodeError(`Hello: type ${pimType(buf)} is not 0`);
  const options: HelloOptions = {};
  let offset = PIM_HEADER_LENGTH;
  while (offset < buf.length) {
    if (offset + OPTION_HEADER_LENGTH > buf.length) {
      return decodeError(`Hello option header truncated at byte ${offset}`);
    }
    const type = buf.readUInt16BE(offset);
    const length = buf.readUInt16BE(offset + 2);
    const value = offset + OPTION_HEADER_LENGTH;
    const end = value + length;
    if (end > buf.length) {
      return decodeError(`Hello option ${type} of length ${length} runs past the ${buf.length}-byte message`);
    }
    const expected = FIXED_LENGTH.get(type);
    if (expected !== undefined && length !== expected) {
      return decodeError(`Hello option ${type} has length ${length}, expected ${expected}`);
    }
    switch (type) {
      case HELLO_OPTION.holdtime:
        options.holdtime = buf.readUInt16BE(value);
        break;
      case HELLO_OPTION.lanPruneDelay: {
        const first = buf.readUInt16BE(value);
        options.lanPruneDelay = {
          tBit: (first & T_BIT) !== 0,
          propagationDelayMs: first & 0x7fff,
          overrideIntervalMs: buf.readUInt16BE(value + 2),
        };
        break;
      }
      case HELLO_OPTION.drPriority:
        options.drPriority = buf.readUInt32BE(value);
        break;
      case HELLO_OPTION.generationId:
        options.generationId = buf.readUInt32BE(value);
        break;
      case HELLO_OPTION.stateRefresh:
        // RFC 3973 §4.7.5.1: version, interval (seconds), 16 reserved bits.
        options.stateRefresh = { version: buf.readUInt8(value), intervalSeconds: buf.readUInt8(value + 1) };
        break;
      case HELLO_OPTION.addressList: {
        const list = decodeAddressList(buf.subarray(value, end));
        if (!Array.isArray(list)) return list;
        options.addressList = list;
        break;
      }
    }
    offset = end;
  }
  return { type: 'hello', options };
}

/** §4.9.2 option 24: Encoded-Unicast secondary addresses filling the option. */
function decodeAddressList(value: Buffer): string[] | DecodeError {
  const addresses: string[] = [];
  let offset = 0;
  while (offset < value.length) {
    if (value[offset] === ADDRESS_FAMILY_IPV6 && value[offset + 1] === 0) {
      if (offset + ENCODED_UNICAST_IPV6_LENGTH > value.length) {
        return decodeError('Hello Address List option: IPv6 address truncated');
      }
      offset += ENCODED_UNICAST_IPV6_LENGTH;
      continue;
    }
    const address = decodeEncodedUnicast(value, offset);
    if (typeof address !== 'string') return decodeError(`Hello Address List option: ${address.error}`);
    addresses.push(address);
    offset += ENCODED_UNICAST_LENGTH;
  }
  return addresses;
}

/**
 * Encodes a Hello with the given options in the order of their types. Throws on a value its field cannot
 * carry (a 15-bit propagation delay, 8-bit State Refresh version and interval, 16- and 32-bit others) or
 * on a bad address.
 */
export function encodeHello(msg: Hello): Buffer {
  const o = msg.options;
  const options: { type: number; value: Buffer }[] = [];
  const add = (type: number, length: number, write: (value: Buffer) => void) => {
    const value = Buffer.alloc(length);
    write(value);
    options.push({ type, value });
  };
  if (o.holdtime !== undefined) {
    const holdtime = checkUint('Hello holdtime', o.holdtime, 0xffff);
    add(HELLO_OPTION.holdtime, 2, (v) => v.writeUInt16BE(holdtime));
  }
  if (o.lanPruneDelay !== undefined) {
    const d = o.lanPruneDelay;
    const delay = checkUint('propagation delay', d.propagationDelayMs, 0x7fff);
    const override = checkUint('override interval', d.overrideIntervalMs, 0xffff);
    add(HELLO_OPTION.lanPruneDelay, 4, (v) => {
      v.writeUInt16BE((d.tBit ? T_BIT : 0) | delay, 0);
      v.writeUInt16BE(override, 2);
    });
  }
  if (o.drPriority !== undefined) {
    const priority = checkUint('DR priority', o.drPriority, 0xffffffff);
    add(HELLO_OPTION.drPriority, 4, (v) => v.writeUInt32BE(priority));
  }
  if (o.generationId !== undefined) {
    const generationId = checkUint('generation ID', o.generationId, 0xffffffff);
    add(HELLO_OPTION.generationId, 4, (v) => v.writeUInt32BE(generationId));
  }
  if (o.stateRefresh !== undefined) {
    const version = checkUint('State Refresh version', o.stateRefresh.version, 0xff);
    const interval = checkUint('State Refresh interval', o.stateRefresh.intervalSeconds, 0xff);
    add(HELLO_OPTION.stateRefresh, 4, (v) => {
      v.writeUInt8(version, 0);
      v.writeUInt8(interval, 1);
    });
  }
  if (o.addressList !== undefined) {
    const list = o.addressList;
    const length = ENCODED_UNICAST_LENGTH * list.length;
    if (length > MAX_OPTION_LENGTH)
      throw new RangeError(`a Hello Address List holds at most 10922 addresses`);
    add(HELLO_OPTION.addressList, length, (v) => {
      list.forEach((address, i) => {
        writeEncodedUnicast(v, ENCODED_UNICAST_LENGTH * i, address);
      });
    });
  }
  const length = options.reduce(
    (sum, { value }) => sum + OPTION_HEADER_LENGTH + value.length,
    PIM_HEADER_LENGTH,
  );
  const buf = newPimMessage(PIM_TYPE.hello, length);
  let offset = PIM_HEADER_LENGTH;
  for (const { type, value } of options) {
    buf.writeUInt16BE(type, offset);
    buf.writeUInt16BE(value.length, offset + 2);
    value.copy(buf, offset + OPTION_HEADER_LENGTH);
    offset += OPTION_HEADER_LENGTH + value.length;
  }
  return sealPimChecksum(buf);
}
