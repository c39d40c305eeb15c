import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { internetChecksum } from './checksum.js';
import { randomBytes } from './testing/generate.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('internetChecksum', () => {
  it('matches the worked example of RFC 1071 §3', () => {
    // 0001 + f203 + f4f5 + f6f7 = 2ddf0; folded ddf2; complemented 220d.
    expect(internetChecksum(hex('00 01 f2 03 f4 f5 f6 f7'))).toBe(0x220d);
  });

  it('pads an odd trailing byte with a zero on the right', () => {
    expect(internetChecksum(hex('01'))).toBe(0xfeff);
    // 1234 + 5600 = 6834, complemented 97cb.
    expect(internetChecksum(hex('12 34 56'))).toBe(0x97cb);
  });

  it('is ffff for nothing or zeros, and 0 when the words sum to ffff', () => {
    expect(internetChecksum(Buffer.alloc(0))).toBe(0xffff);
    expect(internetChecksum(Buffer.alloc(7))).toBe(0xffff);
    // ffff + ffff = 1fffe, folded ffff: the end-around carry of RFC 1071 §2.
    expect(internetChecksum(hex('ff ff ff ff'))).toBe(0);
  });

  it('folds the carries of a 64 KiB buffer', () => {
    expect(internetChecksum(Buffer.alloc(0x10000, 0xff))).toBe(0);
    expect(internetChecksum(Buffer.alloc(0x10001, 0xff))).toBe(0x00ff);
  });

  it('covers only [start, end)', () => {
    expect(internetChecksum(hex('aa 00 01 f2 03 f4 f5 f6 f7 bb'), 1, 9)).toBe(0x220d);
  });

  it('verifies to 0 once written into the region, at any length', () => {
    const random = seededRandom(1071);
    for (let i = 0; i < 2000; i++) {
      const buf = randomBytes(random, 2 + random.int(80));
      const at = 2 * random.int(buf.length >> 1);
      buf.writeUInt16BE(0, at);
      buf.writeUInt16BE(internetChecksum(buf), at);
      expect(internetChecksum(buf)).toBe(0);
    }
  });
});
