import { describe, expect, it } from 'vitest';
import { decodeFloatCode, encodeFloatCode, MAX_FLOAT_CODE_VALUE } from './float-code.js';

const allCodes = Array.from({ length: 256 }, (_, code) => code);

describe('RFC 3376 §4.1.1 / §4.1.7 time codes', () => {
  it('decodes known codes', () => {
    expect(decodeFloatCode(0)).toBe(0);
    expect(decodeFloatCode(0x7f)).toBe(127);
    // 1|000|0000: (0 | 0x10) << 3.
    expect(decodeFloatCode(0x80)).toBe(128);
    // RFC 6636 §4.2's example: 0b10001001 is a Max Resp Time of 20.0 s, i.e. 200 tenths.
    expect(decodeFloatCode(0x89)).toBe(200);
    expect(decodeFloatCode(0x8f)).toBe(248);
    // 1|001|0000: 16 << 4.
    expect(decodeFloatCode(0x90)).toBe(256);
    expect(decodeFloatCode(0xff)).toBe(MAX_FLOAT_CODE_VALUE);
    expect(MAX_FLOAT_CODE_VALUE).toBe(31 << 10);
  });

  it('encodes every representable value back to its code, and codes rise with values', () => {
    for (const code of allCodes) expect(encodeFloatCode(decodeFloatCode(code))).toBe(code);
    for (const code of allCodes.slice(1))
      expect(decodeFloatCode(code)).toBeGreaterThan(decodeFloatCode(code - 1));
  });

  it('rounds any other value down to the largest representable value below it', () => {
    const values = allCodes.map(decodeFloatCode);
    for (let v = 0; v <= MAX_FLOAT_CODE_VALUE + 100; v++) {
      const best = values.filter((x) => x <= v).at(-1);
      expect(decodeFloatCode(encodeFloatCode(v))).toBe(best);
    }
    expect(encodeFloatCode(125)).toBe(0x7d);
    expect(encodeFloatCode(127.9)).toBe(0x7f);
    expect(encodeFloatCode(135)).toBe(0x80);
    expect(encodeFloatCode(136)).toBe(0x81);
    expect(encodeFloatCode(1e9)).toBe(0xff);
    expect(encodeFloatCode(Number.POSITIVE_INFINITY)).toBe(0xff);
  });

  it('throws on negative or NaN values', () => {
    expect(() => encodeFloatCode(-1)).toThrow(RangeError);
    expect(() => encodeFloatCode(Number.NaN)).toThrow(RangeError);
  });
});
