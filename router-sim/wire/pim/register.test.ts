import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { decodeIpv4 } from '../ipv4/header.js';
import { randomRegister } from '../testing/pim-generate.js';
import { decodePim } from './header.js';
import type { Register } from './message.js';
import { decodeRegister, encodeRegister, nullRegisterHeader } from './register.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

// A UDP datagram from 10.0.0.9:40000 to 239.1.1.1:5000 carrying "hello", TTL 63 (decremented by the DR).
// Its header words sum to 17e3d, folded 7e3e, complemented 81c1; no UDP checksum.
const DATA = hex(`
  4500 0021 0000 0000 3f11 81c1 0a000009 ef010101
  9c40 1388 000d 0000 68656c6c6f`);
const REGISTER: Register = { type: 'register', border: false, nullRegister: false, packet: DATA };
// RFC 7761 §4.9.3: |B|N| Reserved2, then the packet. The checksum covers the first 8 bytes only: 2100,
// complemented deff.
const REGISTER_BYTES = Buffer.concat([hex('2100 deff 00000000'), DATA]);
// The dummy header of a Null-Register: words 4500 0014 0a00 0009 ef01 0101 sum 13f1f, folded 3f20,
// complemented c0df.
const DUMMY = hex('4500 0014 0000 0000 0000 c0df 0a000009 ef010101');

/** A Register of the given first 8 bytes and packet, checksum over the first 8 (or all) bytes. */
function registerOf(first8: string, packet: Buffer, whole = false): Buffer {
  const buf = Buffer.concat([hex(first8), packet]);
  buf.writeUInt16BE(0, 2);
  buf.writeUInt16BE(internetChecksum(buf, 0, whole ? buf.length : 8), 2);
  return buf;
}

describe('Register', () => {
  it('encodes and decodes a known answer', () => {
    expect(internetChecksum(DATA, 0, 20)).toBe(0);
    expect(encodeRegister(REGISTER)).toEqual(REGISTER_BYTES);
    expect(decodeRegister(REGISTER_BYTES)).toEqual(REGISTER);
    expect(decodePim(REGISTER_BYTES)).toEqual(REGISTER);
  });

  it('puts B and N in the top two bits of the flags word, which the checksum covers', () => {
    const cases: [boolean, boolean, string][] = [
      [true, false, '2100 5eff 80000000'],
      [false, true, '2100 9eff 40000000'],
      [true, true, '2100 1eff c0000000'],
    ];
    for (const [border, nullRegister, first8] of cases) {
      const message: Register = { type: 'register', border, nullRegister, packet: DATA };
      const encoded = encodeRegister(message);
      expect(encoded).toEqual(Buffer.concat([hex(first8), DATA]));
      expect(decodePim(encoded)).toEqual(message);
    }
  });

  it('checksums only the first 8 bytes (RFC 7761 §4.9.3), but accepts a checksum over all of them', () => {
    // The checksum does not cover the data packet: not over all the bytes, nor changed by other data.
    expect(internetChecksum(REGISTER_BYTES)).not.toBe(0);
    const shout = Buffer.concat([DATA.subarray(0, 28), Buffer.from('HELLO')]);
    const other = encodeRegister({ ...REGISTER, packet: shout });
    expect(other.subarray(0, 8)).toEqual(REGISTER_BYTES.subarray(0, 8));
    expect(decodePim(other)).toEqual({ ...REGISTER, packet: shout });
    // Some routers checksum the whole Register; §4.9.3 asks receivers to accept that too.
    const whole = registerOf('2100 0000 80000000', DATA, true);
    expect(internetChecksum(whole, 0, 8)).not.toBe(0);
    expect(decodePim(whole)).toEqual({ ...REGISTER, border: true });
    // Neither: refused.
    const bad = Buffer.from(REGISTER_BYTES);
    bad[3] = 0xfe;
    expect(decodePim(bad)).toEqual({ error: 'PIM checksum mismatch' });
    const badFlags = Buffer.from(REGISTER_BYTES);
    badFlags[4] = 0x80;
    expect(decodePim(badFlags)).toEqual({ error: 'PIM checksum mismatch' });
  });

  it('carries a Null-Register dummy header', () => {
    expect(nullRegisterHeader('10.0.0.9', '239.1.1.1')).toEqual(DUMMY);
    expect(decodeIpv4(DUMMY)).toMatchObject({ src: '10.0.0.9', dst: '239.1.1.1', payload: Buffer.alloc(0) });
    const message: Register = { type: 'register', border: false, nullRegister: true, packet: DUMMY };
    const encoded = encodeRegister(message);
    expect(encoded).toEqual(Buffer.concat([hex('2100 9eff 40000000'), DUMMY]));
    expect(decodePim(encoded)).toEqual(message);
    // A dummy header zeroed but for the addresses (tcpdump's "IP-Null-header"): only in a Null-Register.
    const zeroed = hex('0000 0000 0000 0000 0000 0000 0a000009 ef010101');
    expect(decodePim(registerOf('2100 0000 40000000', zeroed))).toEqual({ ...message, packet: zeroed });
    expect(decodePim(registerOf('2100 0000 00000000', zeroed))).toEqual({
      error: 'Register: encapsulated packet has IP version 0, not 4',
    });
    expect(() => encodeRegister({ ...message, nullRegister: false, packet: zeroed })).toThrow(RangeError);
    expect(() => nullRegisterHeader('10.0.0.9', '239.1.1')).toThrow(RangeError);
  });

  it('ignores Reserved2, returns the packet as a view and looks no further into it than the version', () => {
    const reserved = registerOf('2100 0000 3fffffff', DATA);
    expect(decodeRegister(reserved)).toEqual(REGISTER);
    const decoded = decodeRegister(REGISTER_BYTES);
    if ('error' in decoded) throw new Error(decoded.error);
    expect(decoded.packet.buffer).toBe(REGISTER_BYTES.buffer);
    expect(decoded.packet.byteOffset).toBe(REGISTER_BYTES.byteOffset + 8);
    // A bad IP checksum and a total length past the end are the protocol's to judge, not the codec's.
    const odd = Buffer.from(DATA);
    odd.writeUInt16BE(0xffff, 2);
    expect(decodePim(registerOf('2100 0000 00000000', odd))).toEqual({ ...REGISTER, packet: odd });
  });

  it('refuses short messages, packets that are not IPv4 and other types', () => {
    expect(decodeRegister(REGISTER_BYTES.subarray(0, 7))).toEqual({ error: 'Register truncated: 7 bytes' });
    expect(decodePim(registerOf('2100 0000 00000000', DATA.subarray(0, 19)))).toEqual({
      error: 'Register: encapsulated packet of 19 bytes is shorter than an IPv4 header',
    });
    expect(decodePim(registerOf('2100 0000 40000000', Buffer.alloc(0)))).toEqual({
      error: 'Register: encapsulated packet of 0 bytes is shorter than an IPv4 header',
    });
    const v6 = Buffer.from(DATA);
    v6[0] = 0x60;
    expect(decodePim(registerOf('2100 0000 00000000', v6))).toEqual({
      error: 'Register: encapsulated packet has IP version 6, not 4',
    });
    const otherType = Buffer.from(REGISTER_BYTES);
    otherType[0] = 0x22;
    expect(decodeRegister(otherType)).toEqual({ error: 'Register: type 2 is not 1' });
    for (const cut of [4, 8, 27]) {
      expect(isError(decodePim(registerOf('2100 0000 00000000', DATA).subarray(0, cut))), `${cut}`).toBe(
        true,
      );
    }
  });

  it('throws on what it cannot encode', () => {
    const v6 = Buffer.from(DATA);
    v6[0] = 0x60;
    for (const packet of [Buffer.alloc(0), DATA.subarray(0, 19), v6]) {
      expect(() => encodeRegister({ ...REGISTER, packet })).toThrow(RangeError);
      expect(() => encodeRegister({ ...REGISTER, nullRegister: true, packet })).toThrow(RangeError);
    }
  });

  it('round-trips thousands of random Registers', () => {
    const random = seededRandom(7761);
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const message = randomRegister(random);
      seen.add(`${message.border} ${message.nullRegister} ${(message.packet[0] ?? 0) >> 4}`);
      const encoded = encodeRegister(message);
      expect(internetChecksum(encoded, 0, 8)).toBe(0);
      expect(encoded.length).toBe(8 + message.packet.length);
      expect(decodeRegister(encoded)).toEqual(message);
      expect(decodePim(encoded)).toEqual(message);
    }
    // Both bits each way, and version-0 dummy headers only in Null-Registers.
    expect([...seen].sort()).toEqual([
      'false false 4',
      'false true 0',
      'false true 4',
      'true false 4',
      'true true 0',
      'true true 4',
    ]);
  });
});
