import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomPimMessage } from '../testing/pim-generate.js';
import { decodePim, encodePim } from './header.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

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
  });

  it('refuses other types before looking at the checksum', () => {
    for (const type of [1, 2, 4, 8, 10, 11, 12, 15]) {
      expect(decodePim(sealed(`2${type.toString(16)}00 0000 00000000`))).toEqual({
        error: `unsupported type ${type}`,
      });
    }
    // A Register, whose checksum covers only its first 8 bytes, is still just unsupported.
    expect(decodePim(hex('2100 0000 00000000 4500'))).toEqual({ error: 'unsupported type 1' });
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

  it('round-trips thousands of random messages of every type', () => {
    const random = seededRandom(103);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const message = randomPimMessage(random);
      seen.add(message.type);
      const encoded = encodePim(message);
      expect(internetChecksum(encoded)).toBe(0);
      expect(encoded[0]).toBe(
        0x20 |
          { hello: 0, 'join-prune': 3, assert: 5, graft: 6, 'graft-ack': 7, 'state-refresh': 9 }[
            message.type
          ],
      );
      expect(decodePim(encoded)).toEqual(message);
    }
    expect(seen.size).toBe(6);
  });
});
