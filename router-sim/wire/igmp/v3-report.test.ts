import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomV3Report } from '../testing/generate.js';
import type { GroupRecordType, V3Report } from './message.js';
import { decodeV3Report, encodeV3Report } from './v3-report.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

/** One record of each type (RFC 3376 §4.2.12, values 1 to 6). */
const ALL_TYPES: V3Report = {
  type: 'v3-report',
  records: [
    { type: 'MODE_IS_INCLUDE', group: '232.1.1.1', sources: ['10.0.0.1'] },
    { type: 'MODE_IS_EXCLUDE', group: '239.0.0.1', sources: [] },
    { type: 'CHANGE_TO_INCLUDE_MODE', group: '239.0.0.2', sources: [] },
    { type: 'CHANGE_TO_EXCLUDE_MODE', group: '239.0.0.3', sources: [] },
    { type: 'ALLOW_NEW_SOURCES', group: '232.1.1.1', sources: ['10.0.0.2', '10.0.0.3'] },
    { type: 'BLOCK_OLD_SOURCES', group: '232.1.1.1', sources: ['10.0.0.1'] },
  ],
};
// 72 bytes; the words sum to 5e71d, folded e722, complemented 18dd.
const ALL_TYPES_BYTES = hex(`
  22 00 18dd 0000 0006
  01 00 0001 e8010101 0a000001
  02 00 0000 ef000001
  03 00 0000 ef000002
  04 00 0000 ef000003
  05 00 0002 e8010101 0a000002 0a000003
  06 00 0001 e8010101 0a000001`);

describe('v3 membership report', () => {
  it('encodes and decodes a known answer with all six record types', () => {
    expect(encodeV3Report(ALL_TYPES)).toEqual(ALL_TYPES_BYTES);
    expect(decodeV3Report(ALL_TYPES_BYTES)).toEqual(ALL_TYPES);
  });

  it('encodes an empty report', () => {
    // ~2200 = ddff.
    expect(encodeV3Report({ type: 'v3-report', records: [] })).toEqual(hex('22 00 ddff 0000 0000'));
  });

  it('skips aux data (§4.2.10) and records of unknown type (§4.2.12)', () => {
    const buf = hex(`
      22 00 0000 0000 0003
      02 02 0001 ef000001 0a000001 aaaaaaaa bbbbbbbb
      07 01 0001 ef000002 0a000002 cccccccc
      01 00 0000 ef000003`);
    expect(decodeV3Report(buf)).toEqual({
      type: 'v3-report',
      records: [
        { type: 'MODE_IS_EXCLUDE', group: '239.0.0.1', sources: ['10.0.0.1'] },
        { type: 'MODE_IS_INCLUDE', group: '239.0.0.3', sources: [] },
      ],
    });
  });

  it('ignores bytes past the last record (§4.2.11)', () => {
    expect(decodeV3Report(Buffer.concat([ALL_TYPES_BYTES, hex('0102030405')]))).toEqual(ALL_TYPES);
  });

  it('refuses counts that run past the buffer', () => {
    const bad = {
      'short header': hex('22 00 0000 0000 00'),
      'other type': hex('16 00 0000 0000 0000'),
      'records past the end': hex('22 00 0000 0000 0002 01 00 0000 ef000001'),
      'record header cut': hex('22 00 0000 0000 0001 01 00 0000 ef00'),
      'sources past the end': hex('22 00 0000 0000 0001 01 00 0002 ef000001 0a000001'),
      'aux data past the end': hex('22 00 0000 0000 0001 01 01 0001 ef000001 0a000001 000000'),
      'huge counts': hex('22 00 0000 0000 ffff ff ff ffff ef000001'),
    };
    for (const [name, buf] of Object.entries(bad)) expect(isError(decodeV3Report(buf)), name).toBe(true);
    expect(isError(decodeV3Report(ALL_TYPES_BYTES.subarray(0, ALL_TYPES_BYTES.length - 1)))).toBe(true);
  });

  it('throws on what it cannot encode', () => {
    const record = { type: 'NOT_A_TYPE' as GroupRecordType, group: '239.0.0.1', sources: [] };
    expect(() => encodeV3Report({ type: 'v3-report', records: [record] })).toThrow(RangeError);
    const tooMany = Array.from({ length: 0x10000 }, () => '10.0.0.1');
    expect(() =>
      encodeV3Report({
        type: 'v3-report',
        records: [{ type: 'ALLOW_NEW_SOURCES', group: '232.0.0.1', sources: tooMany }],
      }),
    ).toThrow(RangeError);
  });

  it('round-trips thousands of random reports', () => {
    const random = seededRandom(4242);
    for (let i = 0; i < 3000; i++) {
      const report = randomV3Report(random);
      const encoded = encodeV3Report(report);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeV3Report(encoded)).toEqual(report);
    }
  });
});
