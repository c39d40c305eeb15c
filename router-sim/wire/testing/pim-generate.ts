import type { Random } from '../../../common/sim/random.js';
import { encodeIpv4 } from '../ipv4/header.js';
import type {
  Assert,
  EncodedSource,
  GroupSet,
  Hello,
  HelloOptions,
  JoinPruneLike,
  PimMessage,
  Register,
  RegisterStop,
  StateRefresh,
} from '../pim/message.js';
import { pick, randomAddress, randomBytes, randomGroup, randomIpv4Fields } from './generate.js';

/**
 * Seeded generators of valid PIM messages, in the exact form the decoders return them (optional fields
 * only where the wire carries them), so that `decodePim(encodePim(m))` must give back `m`.
 */

const bool = (random: Random) => random.int(2) === 1;
const uint32 = (random: Random) => random.int(0x10000) * 0x10000 + random.int(0x10000);
/** Mostly small counts, now and then a large one. */
const count = (random: Random, small: number, large: number) =>
  random.int(random.int(20) === 0 ? large + 1 : small + 1);

export function randomHelloOptions(random: Random): HelloOptions {
  const options: HelloOptions = {};
  if (bool(random)) options.holdtime = pick(random, [0, 105, 0xffff, random.int(0x10000)]);
  if (bool(random)) {
    options.lanPruneDelay = {
      tBit: bool(random),
      propagationDelayMs: random.int(0x8000),
      overrideIntervalMs: random.int(0x10000),
    };
  }
  if (bool(random)) options.drPriority = uint32(random);
  if (bool(random)) options.generationId = uint32(random);
  if (bool(random)) options.stateRefresh = { version: random.int(256), intervalSeconds: random.int(256) };
  if (bool(random))
    options.addressList = Array.from({ length: count(random, 3, 100) }, () => randomAddress(random));
  return options;
}

export function randomHello(random: Random): Hello {
  return { type: 'hello', options: randomHelloOptions(random) };
}

export function randomEncodedSource(random: Random): EncodedSource {
  return {
    address: randomAddress(random),
    maskLength: random.int(33),
    sparse: bool(random),
    wildcard: bool(random),
    rpt: bool(random),
  };
}

/** `maxSources` bounds the joined and the pruned sources; by default mostly a few, now and then 300. */
export function randomGroupSet(random: Random, maxSources?: number): GroupSet {
  const sources = () =>
    Array.from(
      { length: maxSources === undefined ? count(random, 4, 300) : random.int(maxSources + 1) },
      () => randomEncodedSource(random),
    );
  const set: GroupSet = {
    group: random.int(4) === 0 ? randomAddress(random) : randomGroup(random),
    maskLength: random.int(33),
    joins: sources(),
    prunes: sources(),
  };
  if (random.int(4) === 0) set.bidir = true;
  if (random.int(4) === 0) set.adminScope = true;
  return set;
}

/** Mostly up to 4 groups; now and then the most a message can count, 255 groups of up to 2 + 2 sources. */
export function randomJoinPruneLike(random: Random): JoinPruneLike {
  const many = random.int(30) === 0;
  return {
    upstreamNeighbor: randomAddress(random),
    holdtime: random.int(0x10000),
    groups: Array.from({ length: many ? 255 : random.int(5) }, () =>
      randomGroupSet(random, many ? 2 : undefined),
    ),
  };
}

export function randomAssert(random: Random): Assert {
  return {
    type: 'assert',
    group: randomGroup(random),
    source: randomAddress(random),
    rptBit: bool(random),
    metricPreference: random.int(0x80000000),
    metric: uint32(random),
  };
}

export function randomStateRefresh(random: Random): StateRefresh {
  return {
    type: 'state-refresh',
    group: randomGroup(random),
    source: randomAddress(random),
    originator: randomAddress(random),
    rptBit: bool(random),
    metricPreference: random.int(0x80000000),
    metric: uint32(random),
    maskLength: random.int(33),
    ttl: random.int(256),
    pruneIndicator: bool(random),
    pruneNow: bool(random),
    assertOverride: bool(random),
    intervalSeconds: random.int(256),
  };
}

/**
 * What a Register may carry: a multicast data packet (any IPv4 header, to a group, with a payload mostly
 * small, now and then 1400 bytes), bytes that only start like IPv4 (the codec looks no further than the
 * version), or for a Null-Register a 20-byte dummy header with version 4 or 0.
 */
export function randomRegisteredPacket(random: Random, nullRegister: boolean): Buffer {
  const dummy = () => {
    const header = Buffer.alloc(20);
    header.writeUInt32BE(random.int(0x10000) * 0x10000 + random.int(0x10000), 12);
    header.writeUInt32BE(((224 + random.int(16)) * 0x1000000 + random.int(0x1000000)) >>> 0, 16);
    if (random.int(4) === 0) return header;
    header.writeUInt16BE(0x4500, 0);
    header.writeUInt16BE(20, 2);
    return header;
  };
  if (nullRegister && random.int(4) !== 0) return dummy();
  if (random.int(8) === 0) {
    const bytes = randomBytes(random, 20 + random.int(40));
    bytes[0] = 0x40 | ((bytes[0] ?? 0) & 0x0f);
    return bytes;
  }
  return encodeIpv4({
    ...randomIpv4Fields(random),
    dst: randomGroup(random),
    payload: randomBytes(random, count(random, 64, 1400)),
  });
}

export function randomRegister(random: Random): Register {
  const nullRegister = bool(random);
  return {
    type: 'register',
    border: random.int(4) === 0,
    nullRegister,
    packet: randomRegisteredPacket(random, nullRegister),
  };
}

export function randomRegisterStop(random: Random): RegisterStop {
  return {
    type: 'register-stop',
    group: randomGroup(random),
    source: random.int(4) === 0 ? '0.0.0.0' : randomAddress(random),
  };
}

export function randomPimMessage(random: Random): PimMessage {
  switch (random.int(8)) {
    case 0:
      return randomHello(random);
    case 1:
      return randomRegister(random);
    case 2:
      return randomRegisterStop(random);
    case 3:
      return { type: 'join-prune', ...randomJoinPruneLike(random) };
    case 4:
      return { type: 'graft', ...randomJoinPruneLike(random) };
    case 5:
      return { type: 'graft-ack', ...randomJoinPruneLike(random) };
    case 6:
      return randomAssert(random);
    default:
      return randomStateRefresh(random);
  }
}
