import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomAssert } from '../testing/pim-generate.js';
import { SAMPLE_ASSERT } from '../testing/pim-samples.js';
import { decodeAssert, encodeAssert } from './assert.js';
import { decodePim } from './header.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const ASSERT = SAMPLE_ASSERT;
// RFC 7761 §4.9.6: group (Encoded-Group, /32), source (Encoded-Unicast), |R| preference, metric.
// The words sum to 1a1ad, folded a1ae, complemented 5e51.
const ASSERT_BYTES = hex(`
  2500 5e51
  01 00 00 20 ef010101
  0100 0a000009
  8000006e
  00000014`);

describe('Assert', () => {
  it('encodes and decodes a known answer', () => {
    expect(encodeAssert(ASSERT)).toEqual(ASSERT_BYTES);
    expect(decodeAssert(ASSERT_BYTES)).toEqual(ASSERT);
    expect(decodePim(ASSERT_BYTES)).toEqual(ASSERT);
  });

  it('keeps the R bit apart from the 31-bit metric preference', () => {
    const spt = encodeAssert({ ...ASSERT, rptBit: false, metricPreference: 0x7fffffff, metric: 0xffffffff });
    expect(spt.subarray(18)).toEqual(hex('7fffffff ffffffff'));
    expect(decodeAssert(spt)).toMatchObject({
      rptBit: false,
      metricPreference: 0x7fffffff,
      metric: 0xffffffff,
    });
    const rpt = encodeAssert({ ...ASSERT, metricPreference: 0 });
    expect(rpt.subarray(18, 22)).toEqual(hex('80000000'));
    expect(decodeAssert(rpt)).toMatchObject({ rptBit: true, metricPreference: 0 });
  });

  it('ignores the group mask length and flags, and bytes past the metric', () => {
    const buf = hex('2500 0000 01 00 81 18 ef010100 0100 0a000009 0000006e 00000014 abcd');
    buf.writeUInt16BE(internetChecksum(buf), 2);
    expect(decodePim(buf)).toEqual({ ...ASSERT, group: '239.1.1.0', rptBit: false });
  });

  it('refuses short messages, bad addresses and other types', () => {
    expect(decodeAssert(ASSERT_BYTES.subarray(0, 25))).toEqual({ error: 'Assert truncated: 25 bytes' });
    const badSource = Buffer.from(ASSERT_BYTES);
    badSource[12] = 2;
    expect(isError(decodeAssert(badSource))).toBe(true);
    const badGroup = Buffer.from(ASSERT_BYTES);
    badGroup[7] = 40;
    expect(isError(decodeAssert(badGroup))).toBe(true);
    const otherType = Buffer.from(ASSERT_BYTES);
    otherType[0] = 0x29;
    expect(decodeAssert(otherType)).toEqual({ error: 'Assert: type 9 is not 5' });
  });

  it('throws on what it cannot encode', () => {
    expect(() => encodeAssert({ ...ASSERT, metricPreference: 0x80000000 })).toThrow(RangeError);
    expect(() => encodeAssert({ ...ASSERT, metric: 2 ** 32 })).toThrow(RangeError);
    expect(() => encodeAssert({ ...ASSERT, source: 'x' })).toThrow(RangeError);
  });

  it('round-trips thousands of random Asserts', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 3000; i++) {
      const message = randomAssert(random);
      const encoded = encodeAssert(message);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeAssert(encoded)).toEqual(message);
    }
  });
});
