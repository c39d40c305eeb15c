import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { randomGroup } from '../testing/generate.js';
import { decodeV1Report, encodeV1Report } from './v1-report.js';
import { decodeV2Leave, encodeV2Leave } from './v2-leave.js';
import { decodeV2Report, encodeV2Report } from './v2-report.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

describe('v1 report, v2 report, v2 leave', () => {
  it('encode known answers (the bytes Linux sends, see linux-capture.test.ts)', () => {
    // 1200 + ef04 + 0404 = 10508, folded 0509, complemented faf6.
    expect(encodeV1Report({ type: 'v1-report', group: '239.4.4.4' })).toEqual(hex('12 00 faf6 ef040404'));
    // 1600 + ef02 + 0202 = 10704, folded 0705, complemented f8fa.
    expect(encodeV2Report({ type: 'v2-report', group: '239.2.2.2' })).toEqual(hex('16 00 f8fa ef020202'));
    // 1700 + ef02 + 0202 = 10804, folded 0805, complemented f7fa.
    expect(encodeV2Leave({ type: 'v2-leave', group: '239.2.2.2' })).toEqual(hex('17 00 f7fa ef020202'));
  });

  it('decode, ignoring the code and any bytes past the first 8 (RFC 2236 §2.5)', () => {
    expect(decodeV1Report(hex('12 00 faf6 ef040404'))).toEqual({ type: 'v1-report', group: '239.4.4.4' });
    expect(decodeV2Report(hex('16 64 0000 ef020202 0102'))).toEqual({
      type: 'v2-report',
      group: '239.2.2.2',
    });
    expect(decodeV2Leave(hex('17 00 f7fa ef020202'))).toEqual({ type: 'v2-leave', group: '239.2.2.2' });
  });

  it('refuse short buffers and other types', () => {
    expect(isError(decodeV2Leave(hex('17 00 f7fa ef0202')))).toBe(true);
    expect(isError(decodeV2Leave(hex('16 00 f7fa ef020202')))).toBe(true);
    expect(isError(decodeV2Report(hex('12 00 f7fa ef020202')))).toBe(true);
    expect(isError(decodeV1Report(hex('')))).toBe(true);
  });

  it('round-trip random groups', () => {
    const random = seededRandom(2236);
    for (let i = 0; i < 1000; i++) {
      const group = randomGroup(random);
      expect(decodeV1Report(encodeV1Report({ type: 'v1-report', group }))).toEqual({
        type: 'v1-report',
        group,
      });
      expect(decodeV2Report(encodeV2Report({ type: 'v2-report', group }))).toEqual({
        type: 'v2-report',
        group,
      });
      expect(decodeV2Leave(encodeV2Leave({ type: 'v2-leave', group }))).toEqual({ type: 'v2-leave', group });
    }
  });

  it('throw on a bad group address', () => {
    expect(() => encodeV2Leave({ type: 'v2-leave', group: '239.2.2' })).toThrow(RangeError);
  });
});
