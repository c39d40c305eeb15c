import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomHello } from '../testing/pim-generate.js';
import { decodePim } from './header.js';
import { decodeHello, encodeHello } from './hello.js';
import type { Hello } from './message.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const ALL_OPTIONS: Hello = {
  type: 'hello',
  options: {
    holdtime: 105,
    lanPruneDelay: { tBit: false, propagationDelayMs: 500, overrideIntervalMs: 2500 },
    drPriority: 1,
    generationId: 0x0badcafe,
    stateRefresh: { version: 1, intervalSeconds: 60 },
    addressList: ['10.0.0.1', '10.1.0.1'],
  },
};
// RFC 7761 §4.9.2 / RFC 3973 §4.7.5: type, length, value. The words sum to 11a81, folded 1a82,
// complemented e57d.
const ALL_OPTIONS_BYTES = hex(`
  20 00 e57d
  0001 0002 0069
  0002 0004 01f4 09c4
  0013 0004 00000001
  0014 0004 0badcafe
  0015 0004 01 3c 0000
  0018 000c 0100 0a000001 0100 0a010001`);

/** A Hello made of the given options, checksum filled in. */
function helloOf(options: string): Buffer {
  const buf = hex(`2000 0000 ${options}`);
  buf.writeUInt16BE(internetChecksum(buf), 2);
  return buf;
}

describe('Hello', () => {
  it('encodes and decodes a known answer with every option', () => {
    expect(encodeHello(ALL_OPTIONS)).toEqual(ALL_OPTIONS_BYTES);
    expect(decodeHello(ALL_OPTIONS_BYTES)).toEqual(ALL_OPTIONS);
    expect(decodePim(ALL_OPTIONS_BYTES)).toEqual(ALL_OPTIONS);
  });

  it('encodes a Hello with no options as the bare header', () => {
    // ~2000 = dfff.
    expect(encodeHello({ type: 'hello', options: {} })).toEqual(hex('2000 dfff'));
    expect(decodePim(hex('2000 dfff'))).toEqual({ type: 'hello', options: {} });
  });

  it('reads the T bit and the 15-bit propagation delay (§4.9.2 option 2)', () => {
    expect(decodeHello(helloOf('0002 0004 ffff 0000'))).toEqual({
      type: 'hello',
      options: { lanPruneDelay: { tBit: true, propagationDelayMs: 0x7fff, overrideIntervalMs: 0 } },
    });
  });

  it('skips unknown options (§4.9.2), the old DR priority and old address list included', () => {
    const expected = { type: 'hello', options: { holdtime: 0xffff, drPriority: 9 } };
    const buf = helloOf(
      '0001 0002 ffff  0012 0004 00000005  0016 0000  fde9 0006 0100 0a000001  0013 0004 00000009',
    );
    expect(decodeHello(buf)).toEqual(expected);
    // An option of length 3: the next one starts right after its value, not at a 4-byte boundary.
    expect(decodeHello(helloOf('0001 0002 ffff  0003 0003 aabbcc  0013 0004 00000009'))).toEqual(expected);
  });

  it('takes the last of a repeated option', () => {
    expect(decodeHello(helloOf('0001 0002 0001 0001 0002 0002'))).toEqual({
      type: 'hello',
      options: { holdtime: 2 },
    });
  });

  it('skips IPv6 entries of the Address List and refuses other families', () => {
    const v6 = `0200 ${'20010db8000000000000000000000001'}`;
    expect(decodeHello(helloOf(`0018 001e 0100 0a000001 ${v6} 0100 0a000002`))).toEqual({
      type: 'hello',
      options: { addressList: ['10.0.0.1', '10.0.0.2'] },
    });
    expect(decodeHello(helloOf('0018 0000'))).toEqual({ type: 'hello', options: { addressList: [] } });
    expect(isError(decodeHello(helloOf('0018 0006 0300 0a000001')))).toBe(true);
    expect(isError(decodeHello(helloOf('0018 0006 0101 0a000001')))).toBe(true);
  });

  it('refuses known options of the wrong length and options past the end', () => {
    const bad = {
      'holdtime of 4': '0001 0004 0069 0000',
      'holdtime of 1': '0001 0001 0000 0000',
      'LAN prune delay of 2': '0002 0002 01f4',
      'DR priority of 2': '0013 0002 0001',
      'generation ID of 8': '0014 0008 00000001 00000002',
      'State Refresh of 2': '0015 0002 013c',
      'Address List not a multiple of 6': '0018 0008 0100 0a000001 0100',
      'IPv6 Address List entry cut': '0018 0008 0200 20010db8 0000',
      'value past the end': '0013 0004 000000',
      'option header cut': '0001 0002 0069 0013',
      'huge length': '0001 ffff 0069',
    };
    for (const [name, options] of Object.entries(bad)) {
      expect(isError(decodeHello(helloOf(options))), name).toBe(true);
    }
    expect(decodeHello(helloOf('0001 0004 0069 0000'))).toEqual({
      error: 'Hello option 1 has length 4, expected 2',
    });
  });

  it('refuses other types', () => {
    expect(decodeHello(hex('2300 dcff'))).toEqual({ error: 'Hello: type 3 is not 0' });
  });

  it('throws on values its fields cannot carry', () => {
    const bad: Hello['options'][] = [
      { holdtime: 0x10000 },
      { holdtime: -1 },
      { lanPruneDelay: { tBit: false, propagationDelayMs: 0x8000, overrideIntervalMs: 0 } },
      { lanPruneDelay: { tBit: false, propagationDelayMs: 0, overrideIntervalMs: 0x10000 } },
      { drPriority: 2 ** 32 },
      { generationId: 1.5 },
      { stateRefresh: { version: 256, intervalSeconds: 0 } },
      { stateRefresh: { version: 1, intervalSeconds: 256 } },
      { addressList: ['10.0.0.1', 'nope'] },
      { addressList: Array.from({ length: 10_923 }, () => '10.0.0.1') },
    ];
    for (const options of bad) expect(() => encodeHello({ type: 'hello', options })).toThrow(RangeError);
  });

  it('round-trips thousands of random Hellos', () => {
    const random = seededRandom(7761);
    for (let i = 0; i < 3000; i++) {
      const hello = randomHello(random);
      const encoded = encodeHello(hello);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeHello(encoded)).toEqual(hello);
    }
  });
});
