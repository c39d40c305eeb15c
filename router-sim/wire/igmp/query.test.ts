import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomQuery } from '../testing/generate.js';
import type { MembershipQuery } from './message.js';
import { decodeQuery, encodeQuery } from './query.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const V1: MembershipQuery = { type: 'query', version: 1, group: '0.0.0.0', maxRespTimeMs: 0 };
const V2: MembershipQuery = { type: 'query', version: 2, group: '0.0.0.0', maxRespTimeMs: 10_000 };
const V3: MembershipQuery = {
  type: 'query',
  version: 3,
  group: '239.1.2.3',
  maxRespTimeMs: 20_000,
  sFlag: true,
  qrv: 3,
  qqicSeconds: 136,
  sources: ['10.0.0.1', '10.0.0.2'],
};

describe('membership query', () => {
  it('encodes known answers', () => {
    // 1100 -> checksum ~1100 = eeff.
    expect(encodeQuery(V1)).toEqual(hex('11 00 eeff 00000000'));
    // Code 100 tenths = 0x64; ~1164 = ee9b.
    expect(encodeQuery(V2)).toEqual(hex('11 64 ee9b 00000000'));
    // Max Resp 200 tenths = 25 << 3 -> 1|000|1001 = 0x89; S|QRV 3 = 0x0b; QQIC 136 = 17 << 3 -> 0x81.
    // Words 1189+ef01+0203+0b81+0002+0a00+0001+0a00+0002 = 12213, folded 2214, complemented ddeb.
    expect(encodeQuery(V3)).toEqual(hex('11 89 ddeb ef010203 0b 81 0002 0a000001 0a000002'));
  });

  it('decodes the known answers back', () => {
    expect(decodeQuery(hex('11 00 eeff 00000000'))).toEqual(V1);
    expect(decodeQuery(hex('11 64 ee9b 00000000'))).toEqual(V2);
    expect(decodeQuery(hex('11 89 ddeb ef010203 0b 81 0002 0a000001 0a000002'))).toEqual(V3);
  });

  it('takes the version from the length and code (RFC 3376 §7.1)', () => {
    expect(decodeQuery(hex('11 00 0000 00000000'))).toMatchObject({ version: 1, maxRespTimeMs: 0 });
    // An 8-byte query's code is a plain count of tenths, even from 128 up (RFC 2236 §2.2).
    expect(decodeQuery(hex('11 c8 0000 00000000'))).toMatchObject({ version: 2, maxRespTimeMs: 20_000 });
    for (const length of [9, 10, 11]) {
      expect(
        isError(decodeQuery(Buffer.concat([hex('11 64 0000 00000000'), Buffer.alloc(length - 8)]))),
      ).toBe(true);
    }
    expect(decodeQuery(hex('11 00 0000 00000000 00 00 0000'))).toEqual({
      type: 'query',
      version: 3,
      group: '0.0.0.0',
      maxRespTimeMs: 0,
      sFlag: false,
      qrv: 0,
      qqicSeconds: 0,
      sources: [],
    });
  });

  it('reads a v3 code as floating point and ignores the reserved bits', () => {
    expect(decodeQuery(hex('11 ff 0000 00000000 f7 ff 0000'))).toMatchObject({
      maxRespTimeMs: 3_174_400,
      sFlag: false,
      qrv: 7,
      qqicSeconds: 31_744,
    });
  });

  it('bounds the number of sources by the buffer and ignores additional data (§4.1.10)', () => {
    expect(isError(decodeQuery(hex('11 0a 0000 00000000 02 7d 0002 0a000001')))).toBe(true);
    expect(isError(decodeQuery(hex('11 0a 0000 00000000 02 7d ffff')))).toBe(true);
    expect(decodeQuery(hex('11 0a 0000 00000000 02 7d 0001 0a000001 dead beef 00'))).toMatchObject({
      sources: ['10.0.0.1'],
    });
  });

  it('refuses short buffers and other types', () => {
    expect(isError(decodeQuery(hex('11 64 0000 000000')))).toBe(true);
    expect(isError(decodeQuery(hex('16 64 0000 00000000')))).toBe(true);
  });

  it('rounds times to what the wire carries', () => {
    const v2 = (maxRespTimeMs: number) => encodeQuery({ ...V2, maxRespTimeMs })[1];
    expect(v2(0)).toBe(1);
    expect(v2(199)).toBe(1);
    expect(v2(25_500)).toBe(255);
    expect(v2(1e9)).toBe(255);
    expect(encodeQuery({ ...V1, maxRespTimeMs: 10_000 })[1]).toBe(0);
    const v3 = decodeQuery(encodeQuery({ ...V3, maxRespTimeMs: 13_050, qqicSeconds: 135.5 }));
    expect(v3).toMatchObject({ maxRespTimeMs: 12_800, qqicSeconds: 128 });
  });

  it('fills in missing v3 fields and sends a QRV over 7 as 0 (§4.1.6)', () => {
    const bare: MembershipQuery = { type: 'query', version: 3, group: '0.0.0.0', maxRespTimeMs: 1000 };
    expect(encodeQuery(bare)).toEqual(hex('11 0a eef5 00000000 00 00 0000'));
    expect(encodeQuery({ ...V3, qrv: 8 })[8]).toBe(0x08);
    expect(() => encodeQuery({ ...V3, qrv: -1 })).toThrow(RangeError);
    expect(() => encodeQuery({ ...V3, maxRespTimeMs: -1 })).toThrow(RangeError);
    expect(() => encodeQuery({ ...V3, sources: ['10.0.0'] })).toThrow(RangeError);
  });

  it('round-trips thousands of random queries', () => {
    const random = seededRandom(3376);
    for (let i = 0; i < 3000; i++) {
      const query = randomQuery(random);
      const encoded = encodeQuery(query);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeQuery(encoded)).toEqual(query);
    }
  });
});
