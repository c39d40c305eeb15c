import { type DecodeError, decodeError } from '../decode-error.js';
import { readIpv4Address, writeIpv4Address } from '../ipv4/address.js';
import { IGMP_MIN_LENGTH, IGMP_TYPE, sealIgmpChecksum } from './common.js';
import { GROUP_RECORD_TYPES, type GroupRecord, type V3Report } from './message.js';

/** RFC 3376 §4.2.12: the record type values, 1 to 6. */
const RECORD_TYPE_CODE = new Map(GROUP_RECORD_TYPES.map((type, i) => [type, i + 1]));

/** RFC 3376 §4.2: the report header and each group record's fixed part are both 8 bytes. */
const RECORD_HEADER_LENGTH = 8;
const MAX_COUNT = 0xffff;

/**
 * Decodes a version 3 membership report (type 0x22, RFC 3376 §4.2). Each group record is record type, aux
 * data length (in 32-bit words), number of sources, multicast address, sources, aux data (§4.2.4). The
 * aux data is skipped (§4.2.10) and records of an unknown type are skipped (§4.2.12); every announced count
 * must fit in the buffer. Bytes past the last record are ignored (§4.2.11).
 */
export function decodeV3Report(buf: Buffer): V3Report | DecodeError {
  if (buf.length < IGMP_MIN_LENGTH) return decodeError(`v3 report truncated: ${buf.length} bytes`);
  if (buf[0] !== IGMP_TYPE.v3Report) {
    return decodeError(`v3 report: type 0x${(buf[0] ?? 0).toString(16)} is not 0x22`);
  }
  const count = buf.readUInt16BE(6);
  const records: GroupRecord[] = [];
  let offset = IGMP_MIN_LENGTH;
  for (let r = 0; r < count; r++) {
    if (offset + RECORD_HEADER_LENGTH > buf.length) {
      return decodeError(`v3 report truncated in the header of record ${r + 1} of ${count}`);
    }
    const typeCode = buf.readUInt8(offset);
    const auxWords = buf.readUInt8(offset + 1);
    const sourceCount = buf.readUInt16BE(offset + 2);
    const sourcesStart = offset + RECORD_HEADER_LENGTH;
    const sourcesEnd = sourcesStart + 4 * sourceCount;
    const end = sourcesEnd + 4 * auxWords;
    if (end > buf.length) {
      return decodeError(
        `v3 report record ${r + 1} of ${count} announces ${sourceCount} sources and ${auxWords} aux words, ` +
          `past the end of the ${buf.length}-byte message`,
      );
    }
    const type = GROUP_RECORD_TYPES[typeCode - 1];
    if (type !== undefined) {
      const sources: string[] = [];
      for (let s = sourcesStart; s < sourcesEnd; s += 4) sources.push(readIpv4Address(buf, s));
      records.push({ type, group: readIpv4Address(buf, offset + 4), sources });
    }
    offset = end;
  }
  return { type: 'v3-report', records };
}

/**
 * Encodes a version 3 report (RFC 3376 §4.2) with no aux data (§4.2.10: senders MUST NOT include any).
 * Throws on a bad address, an unknown record type, or more than 65535 records or sources in a record.
 */
export function encodeV3Report(msg: V3Report): Buffer {
  if (msg.records.length > MAX_COUNT) throw new RangeError('a v3 report carries at most 65535 records');
  let length = IGMP_MIN_LENGTH;
  for (const record of msg.records) {
    if (record.sources.length > MAX_COUNT)
      throw new RangeError('a group record carries at most 65535 sources');
    length += RECORD_HEADER_LENGTH + 4 * record.sources.length;
  }
  const buf = Buffer.alloc(length);
  buf.writeUInt8(IGMP_TYPE.v3Report, 0);
  buf.writeUInt16BE(msg.records.length, 6);
  let offset = IGMP_MIN_LENGTH;
  for (const record of msg.records) {
    const code = RECORD_TYPE_CODE.get(record.type);
    if (code === undefined) throw new RangeError(`unknown group record type ${JSON.stringify(record.type)}`);
    buf.writeUInt8(code, offset);
    buf.writeUInt16BE(record.sources.length, offset + 2);
    writeIpv4Address(buf, offset + 4, record.group);
    offset += RECORD_HEADER_LENGTH;
    for (const source of record.sources) {
      writeIpv4Address(buf, offset, source);
      offset += 4;
    }
  }
  return sealIgmpChecksum(buf);
}
