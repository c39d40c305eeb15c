import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomStateRefresh } from '../testing/pim-generate.js';
import { SAMPLE_STATE_REFRESH } from '../testing/pim-samples.js';
import { decodePim } from './header.js';
import type { StateRefresh } from './message.js';
import { decodeStateRefresh, encodeStateRefresh } from './state-refresh.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const REFRESH = SAMPLE_STATE_REFRESH;
// RFC 3973 §4.7.9: group, source, originator, |R| preference, metric, masklen, TTL, |P|N|O|reserved|,
// interval. The words sum to 1e8fa, folded e8fb, complemented 1704.
const REFRESH_BYTES = hex(`
  2900 1704
  01 00 00 20 ef010101
  0100 0a000009
  0100 0a000001
  0000006e
  00000014
  18 10 a0 3c`);

describe('State Refresh', () => {
  it('encodes and decodes a known answer', () => {
    expect(encodeStateRefresh(REFRESH)).toEqual(REFRESH_BYTES);
    expect(decodeStateRefresh(REFRESH_BYTES)).toEqual(REFRESH);
    expect(decodePim(REFRESH_BYTES)).toEqual(REFRESH);
  });

  it('puts P, N and O in the top three bits of the flags byte and R in the preference word', () => {
    const flags = (p: boolean, n: boolean, o: boolean) =>
      encodeStateRefresh({ ...REFRESH, pruneIndicator: p, pruneNow: n, assertOverride: o })[34];
    expect([flags(true, false, false), flags(false, true, false), flags(false, false, true)]).toEqual([
      0x80, 0x40, 0x20,
    ]);
    const rpt = encodeStateRefresh({ ...REFRESH, rptBit: true });
    expect(rpt.subarray(24, 28)).toEqual(hex('8000006e'));
    expect(decodeStateRefresh(rpt)).toEqual({ ...REFRESH, rptBit: true });
  });

  it('ignores the reserved flag bits and bytes past the interval', () => {
    const buf = Buffer.concat([REFRESH_BYTES, hex('ffff')]);
    buf[34] = 0x1f;
    expect(decodeStateRefresh(buf)).toEqual({ ...REFRESH, pruneIndicator: false, assertOverride: false });
  });

  it('refuses short messages, bad addresses, mask lengths over 32 and other types', () => {
    expect(decodeStateRefresh(REFRESH_BYTES.subarray(0, 35))).toEqual({
      error: 'State Refresh truncated: 35 bytes',
    });
    const edits: [number, number][] = [
      [4, 2], // group family
      [12, 2], // source family
      [19, 1], // originator encoding
      [32, 33], // mask length
      [0, 0x25], // type
    ];
    for (const [at, value] of edits) {
      const buf = Buffer.from(REFRESH_BYTES);
      buf[at] = value;
      expect(isError(decodeStateRefresh(buf)), `byte ${at}`).toBe(true);
    }
  });

  it('throws on what it cannot encode', () => {
    const bad: Partial<StateRefresh>[] = [
      { metricPreference: 0x80000000 },
      { metric: -1 },
      { maskLength: 33 },
      { ttl: 256 },
      { intervalSeconds: 256 },
      { originator: '1.2.3' },
    ];
    for (const fields of bad) expect(() => encodeStateRefresh({ ...REFRESH, ...fields })).toThrow(RangeError);
  });

  it('round-trips thousands of random State Refreshes', () => {
    const random = seededRandom(9);
    for (let i = 0; i < 3000; i++) {
      const message = randomStateRefresh(random);
      const encoded = encodeStateRefresh(message);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeStateRefresh(encoded)).toEqual(message);
    }
  });
});
