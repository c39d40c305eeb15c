import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { internetChecksum } from '../checksum.js';
import { randomJoinPruneLike } from '../testing/pim-generate.js';
import { decodePim } from './header.js';
import { decodeJoinPrune, encodeJoinPrune, type JoinPruneMessage } from './join-prune.js';
import type { EncodedSource, JoinPruneLike } from './message.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const S: EncodedSource = { address: '10.0.0.9', maskLength: 32, sparse: true, wildcard: false, rpt: false };
const SWR: EncodedSource = { address: '10.0.0.8', maskLength: 32, sparse: true, wildcard: true, rpt: true };
const BODY: JoinPruneLike = {
  upstreamNeighbor: '10.0.0.2',
  holdtime: 210,
  groups: [{ group: '239.1.1.1', maskLength: 32, joins: [S], prunes: [SWR] }],
};
/** RFC 7761 §4.9.5 after the type byte: the layout shared by types 3, 6 and 7. */
const BODY_BYTES = `
  0100 0a000002
  00 01 00d2
  01 00 00 20 ef010101
  0001 0001
  01 00 04 20 0a000009
  01 00 07 20 0a000008`;

/** A message of the given PIM type with that body, checksum filled in. */
function messageOf(type: number, body: string): Buffer {
  const buf = hex(`${(0x20 | type).toString(16)}00 0000 ${body}`);
  buf.writeUInt16BE(internetChecksum(buf), 2);
  return buf;
}

describe('Join/Prune, Graft and Graft-Ack', () => {
  it('encodes and decodes a known answer of each type', () => {
    // The words sum to 1414a (type 3), 1444a (6), 1454a (7): checksums beb4, bbb4, bab4.
    const cases: [JoinPruneMessage, string][] = [
      [{ type: 'join-prune', ...BODY }, '2300 beb4'],
      [{ type: 'graft', ...BODY }, '2600 bbb4'],
      [{ type: 'graft-ack', ...BODY }, '2700 bab4'],
    ];
    for (const [message, header] of cases) {
      const bytes = hex(`${header} ${BODY_BYTES}`);
      expect(encodeJoinPrune(message)).toEqual(bytes);
      expect(decodeJoinPrune(bytes)).toEqual(message);
      expect(decodePim(bytes)).toEqual(message);
    }
  });

  it('carries the B and Z bits of the group only when set', () => {
    const message: JoinPruneMessage = {
      type: 'join-prune',
      upstreamNeighbor: '10.0.0.2',
      holdtime: 0,
      groups: [
        { group: '224.0.0.0', maskLength: 4, bidir: true, adminScope: true, joins: [], prunes: [] },
        { group: '239.0.0.0', maskLength: 8, adminScope: true, joins: [], prunes: [] },
      ],
    };
    const encoded = encodeJoinPrune(message);
    expect(encoded.subarray(14)).toEqual(
      hex('01 00 81 04 e0000000 0000 0000 01 00 01 08 ef000000 0000 0000'),
    );
    expect(decodeJoinPrune(encoded)).toEqual(message);
    // false is sent as a clear bit and so decodes as absent.
    const cleared = { ...message, groups: [{ ...BODY.groups[0], bidir: false, adminScope: false }] };
    expect(decodeJoinPrune(encodeJoinPrune(cleared as JoinPruneMessage))).toEqual({
      ...message,
      groups: BODY.groups,
    });
  });

  it('decodes an empty message and ignores bytes past the last group', () => {
    expect(decodeJoinPrune(messageOf(3, '0100 0a000002 00 00 0000'))).toEqual({
      type: 'join-prune',
      upstreamNeighbor: '10.0.0.2',
      holdtime: 0,
      groups: [],
    });
    expect(decodeJoinPrune(messageOf(3, `${BODY_BYTES} 0102 0304`))).toEqual({ type: 'join-prune', ...BODY });
  });

  it('refuses counts past the end and bad addresses', () => {
    const bad = {
      'fixed part cut': '0100 0a000002 00 01',
      'groups past the end': '0100 0a000002 00 02 00d2 01 00 00 20 ef010101 0000 0000',
      'group header cut': '0100 0a000002 00 01 00d2 01 00 00 20 ef010101 0000',
      'joins past the end': '0100 0a000002 00 01 00d2 01 00 00 20 ef010101 0002 0000 01 00 04 20 0a000009',
      'prunes past the end': '0100 0a000002 00 01 00d2 01 00 00 20 ef010101 0000 0001 01 00 04 20 0a0000',
      'huge counts': '0100 0a000002 00 ff ffff 01 00 00 20 ef010101 ffff ffff',
      'upstream neighbor not IPv4': '0200 0a000002 00 00 0000',
      'group mask length 33': '0100 0a000002 00 01 00d2 01 00 00 21 ef010101 0000 0000',
      'source encoding 1': '0100 0a000002 00 01 00d2 01 00 00 20 ef010101 0001 0000 01 01 04 20 0a000009',
    };
    for (const [name, body] of Object.entries(bad)) {
      expect(isError(decodeJoinPrune(messageOf(3, body))), name).toBe(true);
      expect(isError(decodePim(messageOf(3, body))), name).toBe(true);
    }
    expect(decodeJoinPrune(messageOf(5, BODY_BYTES))).toEqual({
      error: 'Join/Prune: type 5 is not 3, 6 or 7',
    });
    const full = messageOf(3, BODY_BYTES);
    expect(isError(decodeJoinPrune(full.subarray(0, full.length - 1)))).toBe(true);
  });

  it('throws on what it cannot encode', () => {
    const group = BODY.groups[0];
    if (group === undefined) throw new Error('no group');
    const many = (n: number) => Array.from({ length: n }, () => S);
    const bad: JoinPruneLike[] = [
      { ...BODY, holdtime: 0x10000 },
      { ...BODY, upstreamNeighbor: '10.0.0' },
      { ...BODY, groups: Array.from({ length: 256 }, () => group) },
      { ...BODY, groups: [{ ...group, joins: many(0x10000) }] },
      { ...BODY, groups: [{ ...group, maskLength: 33 }] },
      { ...BODY, groups: [{ ...group, prunes: [{ ...S, maskLength: -1 }] }] },
    ];
    for (const body of bad) expect(() => encodeJoinPrune({ type: 'graft', ...body })).toThrow(RangeError);
  });

  it('round-trips thousands of random messages', () => {
    const random = seededRandom(3973);
    const types = ['join-prune', 'graft', 'graft-ack'] as const;
    for (let i = 0; i < 3000; i++) {
      const message = { type: types[i % 3] ?? 'join-prune', ...randomJoinPruneLike(random) };
      const encoded = encodeJoinPrune(message);
      expect(internetChecksum(encoded)).toBe(0);
      expect(decodeJoinPrune(encoded)).toEqual(message);
    }
  });
});
