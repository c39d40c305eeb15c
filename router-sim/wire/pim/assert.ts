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
import type { Assert } from './message.js';

const SOURCE_OFFSET = PIM_HEADER_LENGTH + ENCODED_GROUP_LENGTH;
const PREFERENCE_OFFSET = SOURCE_OFFSET + ENCODED_UNICAST_LENGTH;
const METRIC_OFFSET = PREFERENCE_OFFSET + 4;
export const ASSERT_LENGTH = METRIC_OFFSET + 4;

/**
 * Decodes an Assert (type 5, RFC 7761 §4.9.6; RFC 3973 §4.7.8): group (Encoded-Group, its mask length
 * and flags ignored), source (Encoded-Unicast), R bit and metric preference, metric. Bytes past them are
 * ignored.
 */
export function decodeAssert(buf: Buffer): Assert | DecodeError {
  if (buf.length < ASSERT_LENGTH) return decodeError(`Assert truncated: ${buf.length} bytes`);
  if (pimType(buf) !== PIM_TYPE.assert) return decodeError(`Assert: type ${pimType(buf)} is not 5`);
  const group = decodeEncodedGroup(buf, PIM_HEADER_LENGTH);
  if ('error' in group) return decodeError(`Assert group: ${group.error}`);
  const source = decodeEncodedUnicast(buf, SOURCE_OFFSET);
  if (typeof source !== 'string') return decodeError(`Assert source: ${source.error}`);
  const preference = buf.readUInt32BE(PREFERENCE_OFFSET);
  return {
    type: 'assert',
    group: group.address,
    source,
    rptBit: preference >= RPT_BIT,
    metricPreference: preference & MAX_METRIC_PREFERENCE,
    metric: buf.readUInt32BE(METRIC_OFFSET),
  };
}

/**
 * Encodes an Assert with a /32 group mask. Throws on a metric preference over 2^31 - 1, a metric over
 * 2^32 - 1 or a bad address.
 */
export function encodeAssert(msg: Assert): Buffer {
  const buf = newPimMessage(PIM_TYPE.assert, ASSERT_LENGTH);
  writeEncodedGroup(buf, PIM_HEADER_LENGTH, {
    address: msg.group,
    maskLength: 32,
    bidir: false,
    adminScope: false,
  });
  writeEncodedUnicast(buf, SOURCE_OFFSET, msg.source);
  const preference = checkUint('metric preference', msg.metricPreference, MAX_METRIC_PREFERENCE);
  buf.writeUInt32BE((msg.rptBit ? RPT_BIT : 0) + preference, PREFERENCE_OFFSET);
  buf.writeUInt32BE(checkUint('metric', msg.metric, 0xffffffff), METRIC_OFFSET);
  return sealPimChecksum(buf);
}
