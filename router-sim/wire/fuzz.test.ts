import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { internetChecksum } from './checksum.js';
import { decodeIgmp, decodeIgmpPacket, encodeIgmp, encodeIgmpPacket } from './igmp/igmp.js';
import { decodeIpv4, encodeIpv4 } from './ipv4/header.js';
import { randomAddress, randomBytes, randomIgmpMessage, randomIpv4Fields } from './testing/generate.js';

const INPUTS = 100_000;
const random = seededRandom(0xf0221e);

/** Valid packets to mutate: IGMP as routers send it, and some arbitrary IPv4. */
const corpus: Buffer[] = [
  ...Array.from({ length: 300 }, () =>
    encodeIgmpPacket(randomIgmpMessage(random), { src: randomAddress(random), dst: randomAddress(random) }),
  ),
  ...Array.from({ length: 50 }, () => encodeIpv4({ ...randomIpv4Fields(random), protocol: 2 })),
];

/**
 * Puts right the IP header checksum and the IGMP checksum of a mutated packet where its (possibly
 * mutated) lengths allow, so that the mutation reaches the parsers behind the checksums.
 */
function reseal(buf: Buffer): Buffer {
  const ihl = ((buf[0] ?? 0) & 0x0f) * 4;
  if (ihl < 20 || ihl > buf.length) return buf;
  const total = Math.min(buf.readUInt16BE(2), buf.length);
  if (total >= ihl + 4) {
    buf.writeUInt16BE(0, ihl + 2);
    buf.writeUInt16BE(internetChecksum(buf, ihl, total), ihl + 2);
  }
  buf.writeUInt16BE(0, 10);
  buf.writeUInt16BE(internetChecksum(buf, 0, ihl), 10);
  return buf;
}

function mutate(original: Buffer): Buffer {
  let buf = Buffer.from(original);
  switch (random.int(5)) {
    case 0:
      for (let flips = 1 + random.int(4); flips > 0 && buf.length > 0; flips--) {
        const at = random.int(buf.length);
        buf[at] = (buf[at] ?? 0) ^ (1 << random.int(8));
      }
      break;
    case 1:
      buf = buf.subarray(0, random.int(buf.length + 1));
      break;
    case 2:
      buf = Buffer.concat([buf, randomBytes(random, 1 + random.int(40))]);
      break;
    case 3:
      // A random 16-bit value over a length or count field (or anything else).
      if (buf.length >= 2) buf.writeUInt16BE(random.int(0x10000), random.int(buf.length - 1));
      break;
    default:
      // An IHL, total length, record or source count pushed by a little.
      if (buf.length >= 2) {
        const at = random.int(buf.length - 1);
        buf.writeUInt16BE((buf.readUInt16BE(at) + random.int(9) - 4) & 0xffff, at);
      }
  }
  return random.int(2) === 0 ? reseal(buf) : buf;
}

function input(): Buffer {
  switch (random.int(4)) {
    case 0:
      return randomBytes(random, random.int(90));
    case 1: {
      // Random bytes that look like IPv4 carrying IGMP, with correct checksums.
      const ihl = 20 + 4 * random.int(3);
      const buf = randomBytes(random, ihl + random.int(80));
      buf[0] = 0x40 | (ihl / 4);
      buf.writeUInt16BE(buf.length, 2);
      buf.writeUInt16BE(0x4000, 6);
      buf[9] = 2;
      // Router Alert padded with No Operation, or random options half the time.
      if (ihl > 20 && random.int(2) === 0) buf.fill(1, 20, ihl).writeUInt32BE(0x94040000, 20);
      buf[ihl] = [0x11, 0x12, 0x16, 0x17, 0x22][random.int(5)] ?? 0x11;
      return reseal(buf);
    }
    default: {
      const original = corpus[random.int(corpus.length)] ?? Buffer.alloc(0);
      return mutate(random.int(3) === 0 ? mutate(original) : original);
    }
  }
}

describe('fuzzing the decoders', () => {
  it(`survives ${INPUTS} random and mutated inputs`, () => {
    const failures: string[] = [];
    const ok = { ipv4: 0, igmpPacket: 0, igmp: 0 };
    const fail = (what: string, buf: Buffer, e?: unknown) => {
      if (failures.length < 10)
        failures.push(`${what} on ${buf.toString('hex')}${e ? `: ${String(e)}` : ''}`);
    };
    for (let i = 0; i < INPUTS; i++) {
      const buf = input();
      try {
        const ip = decodeIpv4(buf);
        if (!('error' in ip)) {
          ok.ipv4++;
          const again = decodeIpv4(encodeIpv4(ip));
          if (!isDeepStrictEqual({ ...again, headerLength: 0 }, { ...ip, headerLength: 0 }))
            fail('ipv4 re-encode', buf);
          for (const igmp of [decodeIgmp(ip.payload), decodeIgmp(buf)]) {
            if ('error' in igmp) continue;
            ok.igmp++;
            if (!isDeepStrictEqual(decodeIgmp(encodeIgmp(igmp)), igmp)) fail('igmp re-encode', buf);
          }
        }
        const packet = decodeIgmpPacket(buf);
        if (!('error' in packet)) {
          ok.igmpPacket++;
          const again = decodeIgmpPacket(encodeIgmpPacket(packet.message, packet.ip));
          if ('error' in again || !isDeepStrictEqual(again.message, packet.message))
            fail('packet re-encode', buf);
        }
      } catch (e) {
        fail('threw', buf, e);
      }
    }
    expect(failures).toEqual([]);
    // The inputs must get past the checksums often enough to exercise the parsers behind them.
    expect(ok.ipv4).toBeGreaterThan(INPUTS / 5);
    expect(ok.igmpPacket).toBeGreaterThan(INPUTS / 10);
  });
});
