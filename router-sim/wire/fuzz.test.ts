import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { decodeIgmp, decodeIgmpPacket, encodeIgmp, encodeIgmpPacket } from './igmp/igmp.js';
import { decodeIpv4, encodeIpv4 } from './ipv4/header.js';
import { fuzzInputs } from './testing/fuzz-input.js';

const INPUTS = 100_000;
const input = fuzzInputs(seededRandom(0xf0221e));

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
