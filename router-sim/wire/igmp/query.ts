import { type DecodeError, decodeError } from '../decode-error.js';
import { readIpv4Address, writeIpv4Address } from '../ipv4/address.js';
import { IGMP_MIN_LENGTH, IGMP_TYPE, sealIgmpChecksum } from './common.js';
import { decodeFloatCode, encodeFloatCode } from './float-code.js';
import type { MembershipQuery } from './message.js';

/** RFC 3376 §4.1: the fixed part of a v3 query, before the source addresses. */
const V3_QUERY_MIN_LENGTH = 12;
const MAX_SOURCES = 0xffff;
const S_FLAG = 0x08;
const TENTH_MS = 100;

/**
 * Decodes a membership query (type 0x11). The version follows RFC 3376 §7.1: 8 bytes is v1 when the Max
 * Resp Code is 0, v2 otherwise (its code is a plain count of tenths, RFC 2236 §2.2); 12 bytes or more is v3
 * (RFC 3376 §4.1); any other length is not a query. A v1 query carries no time, so its `maxRespTimeMs` is 0
 * (hosts then use 10 s, RFC 2236 §4). Bytes past the sources are ignored (RFC 3376 §4.1.10).
 */
export function decodeQuery(buf: Buffer): MembershipQuery | DecodeError {
  if (buf.length < IGMP_MIN_LENGTH) return decodeError(`query truncated: ${buf.length} bytes`);
  if (buf[0] !== IGMP_TYPE.query)
    return decodeError(`query: type 0x${(buf[0] ?? 0).toString(16)} is not 0x11`);
  const code = buf.readUInt8(1);
  const group = readIpv4Address(buf, 4);
  if (buf.length === IGMP_MIN_LENGTH) {
    return code === 0
      ? { type: 'query', version: 1, group, maxRespTimeMs: 0 }
      : { type: 'query', version: 2, group, maxRespTimeMs: code * TENTH_MS };
  }
  if (buf.length < V3_QUERY_MIN_LENGTH) {
    return decodeError(`query of ${buf.length} bytes is neither v1/v2 (8) nor v3 (12 or more)`);
  }
  const flags = buf.readUInt8(8);
  const count = buf.readUInt16BE(10);
  const end = V3_QUERY_MIN_LENGTH + 4 * count;
  if (end > buf.length) {
    return decodeError(`v3 query announces ${count} sources but has room for ${(buf.length - 12) >> 2}`);
  }
  const sources: string[] = [];
  for (let offset = V3_QUERY_MIN_LENGTH; offset < end; offset += 4)
    sources.push(readIpv4Address(buf, offset));
  return {
    type: 'query',
    version: 3,
    group,
    maxRespTimeMs: decodeFloatCode(code) * TENTH_MS,
    sFlag: (flags & S_FLAG) !== 0,
    qrv: flags & 0x07,
    qqicSeconds: decodeFloatCode(buf.readUInt8(9)),
    sources,
  };
}

/**
 * Encodes a membership query in the layout of its version. Times are rounded down to what the wire can
 * carry: v1 always sends code 0; v2 sends a plain count of tenths clamped to [1, 255] (0 would make it a
 * v1 query); v3 uses the §4.1.1 / §4.1.7 codes, exact for representable values. The v3-only fields are
 * ignored for v1 and v2; when missing from a v3 query they are sent as 0 / false / no sources. A QRV over 7
 * is sent as 0 (RFC 3376 §4.1.6). Throws on a bad address, a negative time or QRV, or over 65535 sources.
 */
export function encodeQuery(msg: MembershipQuery): Buffer {
  if (!(msg.maxRespTimeMs >= 0)) throw new RangeError(`max response time must be >= 0: ${msg.maxRespTimeMs}`);
  const tenths = Math.floor(msg.maxRespTimeMs / TENTH_MS);
  if (msg.version !== 3) {
    const buf = Buffer.alloc(IGMP_MIN_LENGTH);
    buf.writeUInt8(IGMP_TYPE.query, 0);
    buf.writeUInt8(msg.version === 1 ? 0 : Math.min(Math.max(tenths, 1), 0xff), 1);
    writeIpv4Address(buf, 4, msg.group);
    return sealIgmpChecksum(buf);
  }
  const sources = msg.sources ?? [];
  if (sources.length > MAX_SOURCES) throw new RangeError(`a query carries at most 65535 sources`);
  const qrv = msg.qrv ?? 0;
  if (!Number.isInteger(qrv) || qrv < 0) throw new RangeError(`QRV must be a non-negative integer: ${qrv}`);
  const buf = Buffer.alloc(V3_QUERY_MIN_LENGTH + 4 * sources.length);
  buf.writeUInt8(IGMP_TYPE.query, 0);
  buf.writeUInt8(encodeFloatCode(tenths), 1);
  writeIpv4Address(buf, 4, msg.group);
  buf.writeUInt8((msg.sFlag ? S_FLAG : 0) | (qrv > 7 ? 0 : qrv), 8);
  buf.writeUInt8(encodeFloatCode(msg.qqicSeconds ?? 0), 9);
  buf.writeUInt16BE(sources.length, 10);
  sources.forEach((source, i) => {
    writeIpv4Address(buf, V3_QUERY_MIN_LENGTH + 4 * i, source);
  });
  return sealIgmpChecksum(buf);
}
