/**
 * The 8-bit code RFC 3376 uses for Max Resp Code (§4.1.1, in tenths of a second) and QQIC (§4.1.7, in
 * seconds): values below 128 stand for themselves; from 128 up the code is 1|exp(3)|mant(4) and stands
 * for (mant | 0x10) << (exp + 3).
 */

/** The largest value a code carries: code 0xff, (0x0f | 0x10) << (7 + 3). */
export const MAX_FLOAT_CODE_VALUE = 31744;

export function decodeFloatCode(code: number): number {
  if (code < 0x80) return code;
  const exp = (code >> 4) & 0x07;
  const mant = code & 0x0f;
  return (mant | 0x10) << (exp + 3);
}

/**
 * The code for `value`: exact when the value is representable (every integer below 128, and from 128 up
 * those with at most 5 significant bits); otherwise the largest representable value below it, so a timer
 * is never announced longer than it is. Values above the maximum give 0xff. Throws on a negative or NaN
 * value.
 */
export function encodeFloatCode(value: number): number {
  if (!(value >= 0)) throw new RangeError(`a time code must be non-negative, got ${value}`);
  if (value >= MAX_FLOAT_CODE_VALUE) return 0xff;
  const v = Math.floor(value);
  if (v < 0x80) return v;
  let exp = 0;
  while (v >> (exp + 3) > 0x1f) exp++;
  const mant = (v >> (exp + 3)) & 0x0f;
  return 0x80 | (exp << 4) | mant;
}
