import type { Random } from '../../../common/sim/random.js';
import {
  GROUP_RECORD_TYPES,
  type GroupRecord,
  type IgmpMessage,
  type MembershipQuery,
  type V3Report,
} from '../igmp/message.js';
import type { Ipv4Fields } from '../ipv4/header.js';

/**
 * Seeded generators of valid wire messages, in the exact form the decoders return them, so that
 * `decode(encode(m))` must give back `m`.
 */

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[random.int(items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function randomBytes(random: Random, length: number): Buffer {
  const buf = Buffer.alloc(length);
  for (let i = 0; i < length; i++) buf[i] = random.int(256);
  return buf;
}

export function randomAddress(random: Random): string {
  return [random.int(256), random.int(256), random.int(256), random.int(256)].join('.');
}

export function randomGroup(random: Random): string {
  return [224 + random.int(16), random.int(256), random.int(256), random.int(256)].join('.');
}

/**
 * A value the RFC 3376 §4.1.1 / §4.1.7 code represents exactly, built from the definition rather than
 * from the codec under test: below 128 as is, else a 5-bit mantissa with a leading 1 shifted by 3 to 10.
 */
export function randomCodeValue(random: Random): number {
  return random.int(2) === 0 ? random.int(128) : (16 + random.int(16)) << (3 + random.int(8));
}

function randomSources(random: Random, max: number): string[] {
  return Array.from({ length: random.int(max + 1) }, () => randomAddress(random));
}

export function randomQuery(random: Random): MembershipQuery {
  const group = random.int(3) === 0 ? '0.0.0.0' : randomGroup(random);
  switch (random.int(3)) {
    case 0:
      return { type: 'query', version: 1, group, maxRespTimeMs: 0 };
    case 1:
      return { type: 'query', version: 2, group, maxRespTimeMs: (1 + random.int(255)) * 100 };
    default:
      return {
        type: 'query',
        version: 3,
        group,
        maxRespTimeMs: randomCodeValue(random) * 100,
        sFlag: random.int(2) === 1,
        qrv: random.int(8),
        qqicSeconds: randomCodeValue(random),
        sources: randomSources(random, random.int(10) === 0 ? 300 : 8),
      };
  }
}

export function randomRecord(random: Random): GroupRecord {
  return {
    type: pick(random, GROUP_RECORD_TYPES),
    group: randomGroup(random),
    sources: randomSources(random, 6),
  };
}

export function randomV3Report(random: Random): V3Report {
  return { type: 'v3-report', records: Array.from({ length: random.int(8) }, () => randomRecord(random)) };
}

export function randomIgmpMessage(random: Random): IgmpMessage {
  switch (random.int(5)) {
    case 0:
      return randomQuery(random);
    case 1:
      return { type: 'v1-report', group: randomGroup(random) };
    case 2:
      return { type: 'v2-report', group: randomGroup(random) };
    case 3:
      return { type: 'v2-leave', group: randomGroup(random) };
    default:
      return randomV3Report(random);
  }
}

/** Every field set, so it equals what `decodeIpv4` gives back apart from `headerLength`. */
export function randomIpv4Fields(random: Random): Required<Ipv4Fields> {
  return {
    src: randomAddress(random),
    dst: randomAddress(random),
    ttl: random.int(256),
    protocol: random.int(256),
    routerAlert: random.int(2) === 1,
    payload: randomBytes(random, random.int(64)),
    tos: random.int(256),
    identification: random.int(0x10000),
    dontFragment: random.int(2) === 1,
    moreFragments: random.int(2) === 1,
    fragmentOffset: random.int(0x2000),
  };
}
