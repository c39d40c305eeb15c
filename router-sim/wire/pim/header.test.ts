import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomPimMessage } from '../testing/pim-generate.js';
import { decodePim, encodePim } from './header.js';
import type { PimMessage } from './message.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

const TYPE_NUMBERS: Record<PimMessage['type'], number> = {
  hello: 0,
  register: 1,
  'register-stop': 2,
  'join-prune': 3,
  assert: 5,
  graft: 6,
  'graft-ack': 7,
  'state-refresh': 9,
};

/** A message with the given first bytes, checksum filled in. */
function sealed(s: string): Buffer {
  const buf = hex(s);
  buf.writeUInt16BE(0, 2);
  buf.writeUInt16BE(internetChecksum(buf), 2);
  return buf;
}

describe('decodePim', () => {
  it('dispatches on the type (RFC 7761 §4.9)', () => {
    expect(decodePim(hex('2000 dfff'))).toEqual({ type: 'hello', options: {} });
    expect(decodePim(sealed('2300 0000 0100 0a000002 0000 0000'))).toMatchObject({ type: 'join-prune' });
    expect(decodePim(sealed('2600 0000 0100 0a000002 0000 0000'))).toMatchObject({ type: 'graft' });
    expect(decodePim(sealed('2700 0000 0100 0a000002 0000 0000'))).toMatchObject({ type: 'graft-ack' });
    expect(decodePim(sealed('2200 0000 01000020 ef010101 0100 0a000009'))).toMatchObject({
      type: 'register-stop',
    });
    // A Register's checksum covers its first 8 bytes (2100 + 0000 + 0000 + 0000, complemented deff).
    const dummy = hex('4500 0014 0000 0000 0000 c0df 0a000009 ef010101');
    expect(decodePim(Buffer.concat([hex('2100 deff 00000000'), dummy]))).toMatchObject({ type: 'register' });
  });

  it('refuses other types before looking at the checksum', () => {
    for (const type of [4, 8, 10, 11, 12, 15]) {
      expect(decodePim(sealed(`2${type.toString(16)}00 0000 00000000`))).toEqual({
        error: `unsupported type ${type}`,
      });
      expect(decodePim(hex(`2${type.toString(16)}00 0000 00000000`))).toEqual({
        error: `unsupported type ${type}`,
      });
    }
  });

  it('refuses other versions and short messages', () => {
    expect(decodePim(sealed('1000 0000'))).toEqual({ error: 'PIM version 1 is not 2' });
    expect(decodePim(sealed('3000 0000'))).toEqual({ error: 'PIM version 3 is not 2' });
    expect(decodePim(hex('20df'))).toEqual({ error: 'PIM message truncated: 2 bytes' });
    expect(decodePim(hex(''))).toEqual({ error: 'PIM message truncated: 0 bytes' });
  });

  it('verifies the checksum over the whole message and ignores the reserved byte', () => {
    expect(decodePim(hex('2000 dffe'))).toEqual({ error: 'PIM checksum mismatch' });
    // Two trailing zero bytes leave the sum alone but are an option header cut short.
    expect(decodePim(hex('2000 dfff 00'))).toMatchObject({
      error: 'Hello option header truncated at byte 4',
    });
    // Reserved byte 0x5a: 205a, complemented dfa5.
    expect(decodePim(hex('205a dfa5'))).toEqual({ type: 'hello', options: {} });
  });

  it('verifies only the first 8 bytes of a Register, or the whole of it (RFC 7761 §4.9.3)', () => {
    const register = (checksum: string, packet: string) => hex(`2100 ${checksum} 00000000 ${packet}`);
    const packet = '4500 0014 0000 0000 0000 0000 0a000009 ef010101 abcd';
    // The first 8 bytes: correct whatever follows.
    expect(decodePim(register('deff', packet))).toMatchObject({ type: 'register' });
    // The whole: 2100 + 4500 + 0014 + 0a00 + 0009 + ef01 + 0101 + abcd sums to 20bec, folded 0bee,
    // complemented f411.
    expect(decodePim(register('f411', packet))).toMatchObject({ type: 'register' });
    expect(decodePim(register('f412', packet))).toEqual({ error: 'PIM checksum mismatch' });
    // Other types are checksummed whole: a Register-Stop sealed over its first 8 bytes is refused.
    const stop = hex('2200 0000 01000020 ef010101 0100 0a000009');
    stop.writeUInt16BE(internetChecksum(stop, 0, 8), 2);
    expect(decodePim(stop)).toEqual({ error: 'PIM checksum mismatch' });
  });

  it('round-trips thousands of random messages of every type', () => {
    const random = seededRandom(103);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const message = randomPimMessage(random);
      seen.add(message.type);
      const encoded = encodePim(message);
      expect(internetChecksum(encoded, 0, message.type === 'register' ? 8 : encoded.length)).toBe(0);
      expect(encoded[0]).toBe(0x20 | TYPE_NUMBERS[message.type]);
      expect(decodePim(encoded)).toEqual(message);
    }
    expect(seen.size).toBe(8);
  });
});
