import { type DecodeError, decodeError } from '../decode-error.js';
import { checkUint, PIM_HEADER_LENGTH } from './common.js';
import {
  decodeEncodedGroup,
  decodeEncodedUnicast,
  ENCODED_GROUP_LENGTH,
  ENCODED_UNICAST_LENGTH,
  writeEncodedGroup,
  writeEncodedUnicast,
} from './encoded-address.js';

/**
 * What Assert, Register-Stop and State Refresh open with after the header (RFC 7761 §4.9.4, §4.9.6;
 * RFC 3973 §4.7.9): the group as an Encoded-Group (one group: mask length and flags ignored on decode,
 * /32 on encode), then the source as an Encoded-Unicast.
 */
export const GROUP_SOURCE_END = PIM_HEADER_LENGTH + ENCODED_GROUP_LENGTH + ENCODED_UNICAST_LENGTH;

export function decodeGroupSource(
  buf: Buffer,
  kind: string,
): { group: string; source: string } | DecodeError {
  const group = decodeEncodedGroup(buf, PIM_HEADER_LENGTH);
  if ('error' in group) return decodeError(`${kind} group: ${group.error}`);
  const source = decodeEncodedUnicast(buf, PIM_HEADER_LENGTH + ENCODED_GROUP_LENGTH);
  if (typeof source !== 'string') return decodeError(`${kind} source: ${source.error}`);
  return { group: group.address, source };
}

export function writeGroupSource(buf: Buffer, { group, source }: { group: string; source: string }): void {
  writeEncodedGroup(buf, PIM_HEADER_LENGTH, {
    address: group,
    maskLength: 32,
    bidir: false,
    adminScope: false,
  });
  writeEncodedUnicast(buf, PIM_HEADER_LENGTH + ENCODED_GROUP_LENGTH, source);
}

/**
 * Assert and State Refresh: a 32-bit word whose top bit is the RPT bit and whose other 31 bits are the
 * metric preference, then the 32-bit metric.
 */
const RPT_BIT = 0x80000000;
const MAX_METRIC_PREFERENCE = 0x7fffffff;
export const METRICS_LENGTH = 8;

export interface Metrics {
  rptBit: boolean;
  metricPreference: number;
  metric: number;
}

export function readMetrics(buf: Buffer, offset: number): Metrics {
  const preference = buf.readUInt32BE(offset);
  return {
    rptBit: preference >= RPT_BIT,
    metricPreference: preference & MAX_METRIC_PREFERENCE,
    metric: buf.readUInt32BE(offset + 4),
  };
}

/** Throws on a metric preference over 2^31 - 1 or a metric over 2^32 - 1. */
export function writeMetrics(buf: Buffer, offset: number, metrics: Metrics): void {
  const preference = checkUint('metric preference', metrics.metricPreference, MAX_METRIC_PREFERENCE);
  buf.writeUInt32BE((metrics.rptBit ? RPT_BIT : 0) + preference, offset);
  buf.writeUInt32BE(checkUint('metric', metrics.metric, 0xffffffff), offset + 4);
}
