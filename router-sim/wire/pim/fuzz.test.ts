import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type Random, seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { mutateBytes } from '../testing/fuzz-input.js';
import { randomAddress, randomBytes } from '../testing/generate.js';
import { randomPimMessage } from '../testing/pim-generate.js';
import { decodePim, encodePim } from './header.js';
import { PIM_PROTOCOL } from './message.js';
import { decodePimPacket, encodePimPacket } from './packet.js';

const INPUTS = 100_000;
const DECODED_TYPES = [0, 1, 2, 3, 5, 6, 7, 9];
const REGISTER = 1;

/** A fuzzing input: a bare PIM message (the IP payload) or a whole IPv4 packet. */
interface Input {
  buf: Buffer;
  bare: boolean;
}

/**
 * Puts right the PIM checksum of a bare message, where it has the room for one: over the whole message, or
 * for a Register over its first 8 bytes as senders do (RFC 7761 §4.9.3) unless `whole`.
 */
function resealPim(buf: Buffer, whole: boolean, start = 0, end = buf.length): void {
  if (end < start + 4) return;
  const register = ((buf[start] ?? 0) & 0x0f) === REGISTER && !whole;
  buf.writeUInt16BE(0, start + 2);
  buf.writeUInt16BE(internetChecksum(buf, start, register ? Math.min(end, start + 8) : end), start + 2);
}

/** Puts right the IP header and PIM checksums of a packet where its (possibly mutated) lengths allow. */
function reseal(random: Random, input: Input): Input {
  const { buf } = input;
  const whole = random.int(4) === 0;
  if (input.bare) {
    resealPim(buf, whole);
    return input;
  }
  const ihl = ((buf[0] ?? 0) & 0x0f) * 4;
  if (ihl < 20 || ihl > buf.length) return input;
  resealPim(buf, whole, ihl, Math.min(buf.readUInt16BE(2), buf.length));
  buf.writeUInt16BE(0, 10);
  buf.writeUInt16BE(internetChecksum(buf, 0, ihl), 10);
  return input;
}

function mutate(random: Random, input: Input): Input {
  const buf = mutateBytes(random, input.buf);
  return random.int(2) === 0 ? reseal(random, { buf, bare: input.bare }) : { buf, bare: input.bare };
}

/** Random bytes behind a PIMv2 header of a decoded type, checksums right: bare or in IPv4. */
function shaped(random: Random): Input {
  const body = randomBytes(random, random.int(60));
  const type = DECODED_TYPES[random.int(DECODED_TYPES.length)] ?? 0;
  const pim = Buffer.concat([Buffer.from([0x20 | type, 0, 0, 0]), body]);
  // Encoded addresses start with family 1, encoding 0 more often than chance would have it.
  for (let at = 4; at + 1 < pim.length; at += 2 + random.int(6)) pim.writeUInt16BE(0x0100, at);
  // And a Register's packet with IPv4 version and header length (or a zeroed Null-Register header).
  if (type === REGISTER && pim.length > 8 && random.int(4) !== 0) pim[8] = random.int(4) === 0 ? 0 : 0x45;
  if (random.int(2) === 0) return reseal(random, { buf: pim, bare: true });
  const header = Buffer.alloc(20);
  header[0] = 0x45;
  header.writeUInt16BE(20 + pim.length, 2);
  header[8] = 1;
  header[9] = PIM_PROTOCOL;
  return reseal(random, { buf: Buffer.concat([header, pim]), bare: false });
}

function fuzzInputs(random: Random): () => Input {
  const corpus: Input[] = Array.from({ length: 400 }, (_, i) => {
    const message = randomPimMessage(random);
    if (i % 2 === 0) return { buf: encodePim(message), bare: true };
    return {
      buf: encodePimPacket(message, { src: randomAddress(random), dst: randomAddress(random) }),
      bare: false,
    };
  });
  return () => {
    switch (random.int(5)) {
      case 0:
        return { buf: randomBytes(random, random.int(90)), bare: random.int(2) === 0 };
      case 1:
        return shaped(random);
      default: {
        const original = corpus[random.int(corpus.length)] ?? { buf: Buffer.alloc(0), bare: true };
        return mutate(random, random.int(3) === 0 ? mutate(random, original) : original);
      }
    }
  };
}

describe('fuzzing the PIM decoders', () => {
  it(`survives ${INPUTS} random and mutated inputs`, () => {
    const input = fuzzInputs(seededRandom(0x9107));
    const failures: string[] = [];
    const ok = { pim: 0, packet: 0 };
    const okTypes = new Set<string>();
    const fail = (what: string, buf: Buffer, e?: unknown) => {
      if (failures.length < 10)
        failures.push(`${what} on ${buf.toString('hex')}${e ? `: ${String(e)}` : ''}`);
    };
    for (let i = 0; i < INPUTS; i++) {
      const { buf, bare } = input();
      try {
        const packet = decodePimPacket(buf);
        if (!('error' in packet)) {
          ok.packet++;
          const again = decodePimPacket(encodePimPacket(packet.message, packet.ip));
          if ('error' in again || !isDeepStrictEqual(again.message, packet.message))
            fail('packet re-encode', buf);
        }
        const payload = bare || 'error' in packet ? buf : packet.ip.payload;
        const message = decodePim(payload);
        if (!('error' in message)) {
          ok.pim++;
          okTypes.add(message.type);
          if (!isDeepStrictEqual(decodePim(encodePim(message)), message)) fail('re-encode', buf);
        }
      } catch (e) {
        fail('threw', buf, e);
      }
    }
    expect(failures).toEqual([]);
    // The inputs must get past the checksums often enough to exercise the parsers behind them.
    expect(ok.pim).toBeGreaterThan(INPUTS / 10);
    expect(ok.packet).toBeGreaterThan(INPUTS / 20);
    expect([...okTypes].sort()).toEqual([
      'assert',
      'graft',
      'graft-ack',
      'hello',
      'join-prune',
      'register',
      'register-stop',
      'state-refresh',
    ]);
  });
});
