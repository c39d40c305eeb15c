import { type DecodeError, decodeError } from '../decode-error.js';
import { checkUint, newPimMessage, PIM_TYPE, pimType, sealPimChecksum } from './common.js';
import { decodeEncodedUnicast, ENCODED_UNICAST_LENGTH, writeEncodedUnicast } from './encoded-address.js';
import {
  decodeGroupSource,
  GROUP_SOURCE_END,
  METRICS_LENGTH,
  readMetrics,
  writeGroupSource,
  writeMetrics,
} from './group-source.js';
import type { StateRefresh } from './message.js';

const ORIGINATOR_OFFSET = GROUP_SOURCE_END;
const METRICS_OFFSET = ORIGINATOR_OFFSET + ENCODED_UNICAST_LENGTH;
/** | Masklen | TTL | P N O Reserved | Interval |. */
const LAST_WORD_OFFSET = METRICS_OFFSET + METRICS_LENGTH;
export const STATE_REFRESH_LENGTH = LAST_WORD_OFFSET + 4;

const P_BIT = 0x80;
const N_BIT = 0x40;
const O_BIT = 0x20;
const MAX_MASK_LENGTH = 32;

/**
 * Decodes a State Refresh (type 9, RFC 3973 §4.7.9): group (Encoded-Group, its mask length and flags
 * ignored), source and originator (Encoded-Unicast), R bit and metric preference, metric, the source's
 * mask length (refused over 32), TTL, Prune Indicator, Prune Now and Assert Override bits, interval in
 * seconds. Bytes past them are ignored.
 */
export function decodeStateRefresh(buf: Buffer): StateRefresh | DecodeError {
  if (buf.length < STATE_REFRESH_LENGTH) return decodeError(`State Refresh truncated: ${buf.length} bytes`);
  if (pimType(buf) !== PIM_TYPE.stateRefresh) {
    return decodeError(`State Refresh: type ${pimType(buf)} is not 9`);
  }
  const groupSource = decodeGroupSource(buf, 'State Refresh');
  if ('error' in groupSource) return groupSource;
  const originator = decodeEncodedUnicast(buf, ORIGINATOR_OFFSET);
  if (typeof originator !== 'string') return decodeError(`State Refresh originator: ${originator.error}`);
  const maskLength = buf.readUInt8(LAST_WORD_OFFSET);
  if (maskLength > MAX_MASK_LENGTH) return decodeError(`State Refresh mask length ${maskLength} is over 32`);
  const flags = buf.readUInt8(LAST_WORD_OFFSET + 2);
  return {
    type: 'state-refresh',
    ...groupSource,
    originator,
    ...readMetrics(buf, METRICS_OFFSET),
    maskLength,
    ttl: buf.readUInt8(LAST_WORD_OFFSET + 1),
    pruneIndicator: (flags & P_BIT) !== 0,
    pruneNow: (flags & N_BIT) !== 0,
    assertOverride: (flags & O_BIT) !== 0,
    intervalSeconds: buf.readUInt8(LAST_WORD_OFFSET + 3),
  };
}

/**
 * Encodes a State Refresh with a /32 group mask. Throws on a field its width cannot carry (31-bit metric
 * preference, 32-bit metric, 8-bit TTL and interval), a mask length over 32 or a bad address.
 */
export function encodeStateRefresh(msg: StateRefresh): Buffer {
  const buf = newPimMessage(PIM_TYPE.stateRefresh, STATE_REFRESH_LENGTH);
  writeGroupSource(buf, msg);
  writeEncodedUnicast(buf, ORIGINATOR_OFFSET, msg.originator);
  writeMetrics(buf, METRICS_OFFSET, msg);
  buf.writeUInt8(checkUint('State Refresh mask length', msg.maskLength, MAX_MASK_LENGTH), LAST_WORD_OFFSET);
  buf.writeUInt8(checkUint('State Refresh TTL', msg.ttl, 0xff), LAST_WORD_OFFSET + 1);
  buf.writeUInt8(
    (msg.pruneIndicator ? P_BIT : 0) | (msg.pruneNow ? N_BIT : 0) | (msg.assertOverride ? O_BIT : 0),
    LAST_WORD_OFFSET + 2,
  );
  buf.writeUInt8(checkUint('State Refresh interval', msg.intervalSeconds, 0xff), LAST_WORD_OFFSET + 3);
  return sealPimChecksum(buf);
}
