import { type DecodeError, decodeError } from '../decode-error.js';
import {
  checkUint,
  MAX_METRIC_PREFERENCE,
  newPimMessage,
  PIM_HEADER_LENGTH,
  PIM_TYPE,
  pimType,
  RPT_BIT,
  sealPimChecksum,
} from './common.js';
import {
  decodeEncodedGroup,
  decodeEncodedUnicast,
  ENCODED_GROUP_LENGTH,
  ENCODED_UNICAST_LENGTH,
  writeEncodedGroup,
  writeEncodedUnicast,
} from './encoded-address.js';
import type { StateRefresh } from './message.js';

const SOURCE_OFFSET = PIM_HEADER_LENGTH + ENCODED_GROUP_LENGTH;
const ORIGINATOR_OFFSET = SOURCE_OFFSET + ENCODED_UNICAST_LENGTH;
const PREFERENCE_OFFSET = ORIGINATOR_OFFSET + ENCODED_UNICAST_LENGTH;
const METRIC_OFFSET = PREFERENCE_OFFSET + 4;
/** | Masklen | TTL | P N O Reserved | Interval |. */
const LAST_WORD_OFFSET = METRIC_OFFSET + 4;
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
  const group = decodeEncodedGroup(buf, PIM_HEADER_LENGTH);
  if ('error' in group) return decodeError(`State Refresh group: ${group.error}`);
  const source = decodeEncodedUnicast(buf, SOURCE_OFFSET);
  if (typeof source !== 'string') return decodeError(`State Refresh source: ${source.error}`);
  const originator = decodeEncodedUnicast(buf, ORIGINATOR_OFFSET);
  if (typeof originator !== 'string') return decodeError(`State Refresh originator: ${originator.error}`);
  const maskLength = buf.readUInt8(LAST_WORD_OFFSET);
  if (maskLength > MAX_MASK_LENGTH) return decodeError(`State Refresh mask length ${maskLength} is over 32`);
  const preference = buf.readUInt32BE(PREFERENCE_OFFSET);
  const flags = buf.readUInt8(LAST_WORD_OFFSET + 2);
  return {
    type: 'state-refresh',
    group: group.address,
    source,
    originator,
    rptBit: preference >= RPT_BIT,
    metricPreference: preference & MAX_METRIC_PREFERENCE,
    metric: buf.readUInt32BE(METRIC_OFFSET),
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
  writeEncodedGroup(buf, PIM_HEADER_LENGTH, {
    address: msg.group,
    maskLength: 32,
    bidir: false,
    adminScope: false,
  });
  writeEncodedUnicast(buf, SOURCE_OFFSET, msg.source);
  writeEncodedUnicast(buf, ORIGINATOR_OFFSET, msg.originator);
  const preference = checkUint('metric preference', msg.metricPreference, MAX_METRIC_PREFERENCE);
  buf.writeUInt32BE((msg.rptBit ? RPT_BIT : 0) + preference, PREFERENCE_OFFSET);
  buf.writeUInt32BE(checkUint('metric', msg.metric, 0xffffffff), METRIC_OFFSET);
  buf.writeUInt8(checkUint('State Refresh mask length', msg.maskLength, MAX_MASK_LENGTH), LAST_WORD_OFFSET);
  buf.writeUInt8(checkUint('State Refresh TTL', msg.ttl, 0xff), LAST_WORD_OFFSET + 1);
  buf.writeUInt8(
    (msg.pruneIndicator ? P_BIT : 0) | (msg.pruneNow ? N_BIT : 0) | (msg.assertOverride ? O_BIT : 0),
    LAST_WORD_OFFSET + 2,
  );
  buf.writeUInt8(checkUint('State Refresh interval', msg.intervalSeconds, 0xff), LAST_WORD_OFFSET + 3);
  return sealPimChecksum(buf);
}
