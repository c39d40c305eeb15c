import { describe, expect, it } from 'vitest';
import {
  decodeEncodedGroup,
  decodeEncodedSource,
  decodeEncodedUnicast,
  writeEncodedGroup,
  writeEncodedSource,
  writeEncodedUnicast,
} from './encoded-address.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('Encoded-Unicast (RFC 7761 §4.9.1)', () => {
  it('is family 1, encoding 0, address', () => {
    const buf = Buffer.alloc(8, 0xee);
    writeEncodedUnicast(buf, 1, '10.0.0.2');
    expect(buf).toEqual(hex('ee 01 00 0a000002 ee'));
    expect(decodeEncodedUnicast(buf, 1)).toBe('10.0.0.2');
  });

  it('refuses a short buffer, other families and encodings', () => {
    expect(decodeEncodedUnicast(hex('01 00 0a0000'), 0)).toEqual({
      error: 'Encoded-Unicast address truncated at byte 0',
    });
    expect(decodeEncodedUnicast(hex('ff 01 00 0a000002'), 2)).toMatchObject({ error: expect.any(String) });
    expect(decodeEncodedUnicast(hex('02 00 0a000002'), 0)).toEqual({
      error: 'Encoded-Unicast address: unsupported address family 2',
    });
    expect(decodeEncodedUnicast(hex('01 01 0a000002'), 0)).toEqual({
      error: 'Encoded-Unicast address: unsupported encoding type 1',
    });
  });

  it('throws on a bad address', () => {
    expect(() => writeEncodedUnicast(Buffer.alloc(6), 0, '10.0.0.256')).toThrow(RangeError);
  });
});

describe('Encoded-Group (RFC 7761 §4.9.1)', () => {
  it('is family, encoding, |B|reserved|Z|, mask length, group', () => {
    const plain = { address: '239.1.1.1', maskLength: 32, bidir: false, adminScope: false };
    const buf = Buffer.alloc(8);
    writeEncodedGroup(buf, 0, plain);
    expect(buf).toEqual(hex('01 00 00 20 ef010101'));
    expect(decodeEncodedGroup(buf, 0)).toEqual(plain);
    const flagged = { address: '224.0.0.0', maskLength: 4, bidir: true, adminScope: true };
    writeEncodedGroup(buf, 0, flagged);
    expect(buf).toEqual(hex('01 00 81 04 e0000000'));
    expect(decodeEncodedGroup(buf, 0)).toEqual(flagged);
  });

  it('ignores the reserved bits', () => {
    expect(decodeEncodedGroup(hex('01 00 7e 18 ef010100'), 0)).toEqual({
      address: '239.1.1.0',
      maskLength: 24,
      bidir: false,
      adminScope: false,
    });
  });

  it('refuses a mask length over 32 and a short buffer', () => {
    expect(decodeEncodedGroup(hex('01 00 00 21 ef010101'), 0)).toEqual({
      error: 'Encoded-Group address: mask length 33 is over 32',
    });
    expect(decodeEncodedGroup(hex('01 00 00 20 ef0101'), 0)).toMatchObject({ error: expect.any(String) });
    const group = { address: '239.1.1.1', maskLength: 33, bidir: false, adminScope: false };
    expect(() => writeEncodedGroup(Buffer.alloc(8), 0, group)).toThrow(RangeError);
  });
});

describe('Encoded-Source (RFC 7761 §4.9.1)', () => {
  it('is family, encoding, |reserved|S|W|R|, mask length, source', () => {
    const cases: [string, { sparse: boolean; wildcard: boolean; rpt: boolean }][] = [
      ['00', { sparse: false, wildcard: false, rpt: false }],
      ['04', { sparse: true, wildcard: false, rpt: false }],
      ['02', { sparse: false, wildcard: true, rpt: false }],
      ['01', { sparse: false, wildcard: false, rpt: true }],
      ['07', { sparse: true, wildcard: true, rpt: true }],
    ];
    for (const [flags, bits] of cases) {
      const source = { address: '10.0.0.9', maskLength: 32, ...bits };
      const buf = Buffer.alloc(8);
      writeEncodedSource(buf, 0, source);
      expect(buf).toEqual(hex(`01 00 ${flags} 20 0a000009`));
      expect(decodeEncodedSource(buf, 0)).toEqual(source);
    }
  });

  it('ignores the reserved bits and refuses bad mask lengths and families', () => {
    expect(decodeEncodedSource(hex('01 00 f8 10 0a010000'), 0)).toEqual({
      address: '10.1.0.0',
      maskLength: 16,
      sparse: false,
      wildcard: false,
      rpt: false,
    });
    expect(decodeEncodedSource(hex('01 00 04 ff 0a000009'), 0)).toMatchObject({ error: expect.any(String) });
    expect(decodeEncodedSource(hex('02 00 04 20 0a000009'), 0)).toMatchObject({ error: expect.any(String) });
    expect(decodeEncodedSource(hex('01 00 04 20 0a0000'), 0)).toMatchObject({ error: expect.any(String) });
  });
});
