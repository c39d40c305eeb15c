import { type DecodeError, decodeError } from '../decode-error.js';

/** One IPv4 header option (RFC 791 §3.1): its type octet and the bytes after the length octet. */
export interface Ipv4Option {
  type: number;
  /** A view into the decoded buffer, not a copy. Empty for single-octet options. */
  data: Buffer;
}

const END_OF_OPTIONS = 0;
const NO_OPERATION = 1;
/** RFC 2113 §2.1: copied flag set, class 0, number 20; always 4 octets long. */
export const ROUTER_ALERT_TYPE = 0x94;
export const ROUTER_ALERT_LENGTH = 4;

/** Writes the Router Alert option at `offset`; value 0: "every router shall examine the packet" (RFC 2113 §2.1). */
export function writeRouterAlertOption(buf: Buffer, offset: number): void {
  buf.writeUInt8(ROUTER_ALERT_TYPE, offset);
  buf.writeUInt8(ROUTER_ALERT_LENGTH, offset + 1);
  buf.writeUInt16BE(0, offset + 2);
}

/**
 * Splits the option bytes of a header (everything past the first 20 bytes). RFC 791 §3.1: End of Option
 * List and No Operation are single octets; every other option is type, length (counting both), data.
 * EOL ends the list; the padding after it is ignored. NOP is skipped and not returned.
 */
export function decodeIpv4Options(bytes: Buffer): Ipv4Option[] | DecodeError {
  const options: Ipv4Option[] = [];
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i] ?? END_OF_OPTIONS;
    if (type === END_OF_OPTIONS) break;
    if (type === NO_OPERATION) {
      i += 1;
      continue;
    }
    const length = bytes[i + 1];
    if (length === undefined) return decodeError(`IPv4 option 0x${type.toString(16)} has no length octet`);
    if (length < 2 || i + length > bytes.length) {
      return decodeError(`IPv4 option 0x${type.toString(16)} has bad length ${length}`);
    }
    if (type === ROUTER_ALERT_TYPE && length !== ROUTER_ALERT_LENGTH) {
      return decodeError(`IPv4 Router Alert option has length ${length}, not 4`);
    }
    options.push({ type, data: bytes.subarray(i + 2, i + length) });
    i += length;
  }
  return options;
}
