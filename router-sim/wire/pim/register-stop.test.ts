import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomRegisterStop } from '../testing/pim-generate.js';
import { decodePim } from './header.js';
import type { RegisterStop } from './message.js';
import { decodeRegisterStop, encodeRegisterStop } from './register-stop.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const STOP: RegisterStop = { type: 'register-stop', group: '239.1.1.1', source: '10.0.0.9' };
// RFC 7761 §4.9.4: group (Encoded-Group, /32 for a single group), source (Encoded-Unicast).
// The words sum to 11e2b, folded 1e2c, complemented e1d3.
const STOP_BYTES = hex(`
  2200 e1d3
  01 00 00 20 ef010101
  0100 0a000009`);

describe('Register-Stop', () => {
  it('encodes and decodes a known answer', () => {
    expect(encodeRegisterStop(STOP)).toEqual(STOP_BYTES);
    expect(decodeRegisterStop(STOP_BYTES)).toEqual(STOP);
    expect(decodePim(STOP_BYTES)).toEqual(STOP);
  });

  it('carries the any-source wildcard as 0.0.0.0', () => {
    const wildcard = encodeRegisterStop({ ...STOP, source: '0.0.0.0' });
    expect(wildcard.subarray(12)).toEqual(hex('0100 00000000'));
    expect(decodePim(wildcard)).toEqual({ ...STOP, source: '0.0.0.0' });
  });

  it('checksums the whole message and ignores the group mask length and flags, and bytes past the source', () => {
    const buf = hex('2200 0000 01 00 81 18 ef010100 0100 0a000009 abcd');
    buf.writeUInt16BE(internetChecksum(buf), 2);
    expect(decodePim(buf)).toEqual({ ...STOP, group: '239.1.1.0' });
    const bad = Buffer.from(STOP_BYTES);
    bad[17] = 8;
    expect(decodePim(bad)).toEqual({ error: 'PIM checksum mismatch' });
  });

  it('refuses short messages, bad addresses and other types', () => {
    expect(decodeRegisterStop(STOP_BYTES.subarray(0, 17))).toEqual({
      error: 'Register-Stop truncated: 17 bytes',
    });
    const edits: [number, number][] = [
      [4, 2], // group family
      [5, 1], // group encoding
      [7, 33], // group mask length
      [12, 2], // source family
      [13, 1], // source encoding
    ];
    for (const [at, value] of edits) {
      const buf = Buffer.from(STOP_BYTES);
      buf[at] = value;
      expect(isError(decodeRegisterStop(buf)), `byte ${at}`).toBe(true);
    }
    const otherType = Buffer.from(STOP_BYTES);
    otherType[0] = 0x25;
    expect(decodeRegisterStop(otherType)).toEqual({ error: 'Register-Stop: type 5 is not 2' });
  });

  it('throws on a bad address', () => {
    expect(() => encodeRegisterStop({ ...STOP, group: '239.1.1.256' })).toThrow(RangeError);
    expect(() => encodeRegisterStop({ ...STOP, source: '' })).toThrow(RangeError);
  });

  it('round-trips thousands of random Register-Stops', () => {
    const random = seededRandom(2);
    for (let i = 0; i < 3000; i++) {
      const message = randomRegisterStop(random);
      const encoded = encodeRegisterStop(message);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeRegisterStop(encoded)).toEqual(message);
    }
  });
});
