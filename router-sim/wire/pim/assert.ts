import { type DecodeError, decodeError } from '../decode-error.js';
import { newPimMessage, PIM_TYPE, pimType, sealPimChecksum } from './common.js';
import {
  decodeGroupSource,
  GROUP_SOURCE_END,
  METRICS_LENGTH,
  readMetrics,
  writeGroupSource,
  writeMetrics,
} from './group-source.js';
import type { Assert } from './message.js';

export const ASSERT_LENGTH = GROUP_SOURCE_END + METRICS_LENGTH;

/**
 * Decodes an Assert (type 5, RFC 7761 §4.9.6; RFC 3973 §4.7.8): group (Encoded-Group, its mask length
 * and flags ignored), source (Encoded-Unicast), R bit and metric preference, metric. Bytes past them are
 * ignored.
 */
export function decodeAssert(buf: Buffer): Assert | DecodeError {
  if (buf.length < ASSERT_LENGTH) return decodeError(`Assert truncated: ${buf.length} bytes`);
  if (pimType(buf) !== PIM_TYPE.assert) return decodeError(`Assert: type ${pimType(buf)} is not 5`);
  const groupSource = decodeGroupSource(buf, 'Assert');
  if ('error' in groupSource) return groupSource;
  return { type: 'assert', ...groupSource, ...readMetrics(buf, GROUP_SOURCE_END) };
}

/**
 * Encodes an Assert with a /32 group mask. Throws on a metric preference over 2^31 - 1, a metric over
 * 2^32 - 1 or a bad address.
 */
export function encodeAssert(msg: Assert): Buffer {
  const buf = newPimMessage(PIM_TYPE.assert, ASSERT_LENGTH);
  writeGroupSource(buf, msg);
  writeMetrics(buf, GROUP_SOURCE_END, msg);
  return sealPimChecksum(buf);
}
