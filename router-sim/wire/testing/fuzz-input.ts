import type { Random } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { encodeIgmpPacket } from '../igmp/igmp.js';
import { encodeIpv4 } from '../ipv4/header.js';
import { randomAddress, randomBytes, randomIgmpMessage, randomIpv4Fields } from './generate.js';

/** Valid packets to mutate: IGMP as routers send it, and some arbitrary IPv4. */
function corpusOf(random: Random): Buffer[] {
  return [
    ...Array.from({ length: 300 }, () =>
      encodeIgmpPacket(randomIgmpMessage(random), { src: randomAddress(random), dst: randomAddress(random) }),
    ),
    ...Array.from({ length: 50 }, () => encodeIpv4({ ...randomIpv4Fields(random), protocol: 2 })),
  ];
}

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

/**
 * One random mutation of a valid encoding: bit flips, truncation, extension, a 16-bit field overwritten
 * or pushed by a little (lengths, counts), or an 8-bit one pushed (counts, mask lengths, families).
 */
export function mutateBytes(random: Random, original: Buffer): Buffer {
  let buf = Buffer.from(original);
  switch (random.int(6)) {
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
      if (buf.length >= 2) buf.writeUInt16BE(random.int(0x10000), random.int(buf.length - 1));
      break;
    case 4:
      if (buf.length >= 2) {
        const at = random.int(buf.length - 1);
        buf.writeUInt16BE((buf.readUInt16BE(at) + random.int(9) - 4) & 0xffff, at);
      }
      break;
    default:
      if (buf.length >= 1) {
        const at = random.int(buf.length);
        buf[at] = ((buf[at] ?? 0) + random.int(5) - 2) & 0xff;
      }
  }
  return buf;
}

function mutate(random: Random, original: Buffer): Buffer {
  const buf = mutateBytes(random, original);
  return random.int(2) === 0 ? reseal(buf) : buf;
}

/**
 * Fuzzing input for packet decoders: random bytes, random bytes shaped like IPv4 carrying IGMP (with
 * right checksums), and valid IGMP packets mutated once or twice.
 */
export function fuzzInputs(random: Random): () => Buffer {
  const corpus = corpusOf(random);
  return () => input(random, corpus);
}

function input(random: Random, corpus: Buffer[]): Buffer {
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
      return mutate(random, random.int(3) === 0 ? mutate(random, original) : original);
    }
  }
}
