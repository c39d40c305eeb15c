import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { decodeMessage, encodeMessage } from './codec.js';
import { withRelay } from './frame.js';
import type { GroupMessage, StreamPosition } from './messages.js';

const envelope = { group: '239.1.1.1:5000', origin: 'h1', view: 3, relay: false };
const digest: StreamPosition[] = [
  { kind: 'data', origin: 'h2', inc: 7, low: 1, next: 9 },
  { kind: 'order', origin: 'hé', inc: 0xffffffff, low: 0, next: 0 },
];

const samples: GroupMessage[] = [
  {
    ...envelope,
    type: 'data',
    inc: 1,
    seq: 42,
    low: 40,
    retransmit: false,
    vt: [{ member: 'h1', value: 43 }],
    digest,
    payload: Buffer.from('hello'),
  },
  {
    ...envelope,
    relay: true,
    type: 'data',
    inc: 1,
    seq: 0,
    low: 0,
    retransmit: true,
    vt: [],
    digest: [],
    payload: Buffer.alloc(0),
  },
  {
    ...envelope,
    type: 'order',
    inc: 2,
    seq: 5,
    low: 0,
    retransmit: false,
    ref: { sender: 'h3', inc: 9, seq: 4 },
    count: 3,
    digest,
  },
  {
    ...envelope,
    type: 'nack',
    kind: 'order',
    stream: 'h2',
    inc: 5,
    ranges: [
      { first: 1, last: 3 },
      { first: 7, last: 7 },
    ],
  },
  { ...envelope, type: 'ack', digest },
  { ...envelope, type: 'heartbeat', inc: 3, member: true, digest },
  { ...envelope, type: 'heartbeat', inc: 3, member: false, digest: [] },
  { ...envelope, type: 'join', inc: 11 },
  { ...envelope, type: 'leave', inc: 11 },
  { ...envelope, type: 'propose', ref: { sender: 'h2', inc: 1, seq: 2 }, count: 4, proposal: 17 },
  {
    ...envelope,
    type: 'final',
    ref: { sender: 'h2', inc: 1, seq: 2 },
    agreed: [
      { agreed: 17, proposer: 'h4' },
      { agreed: 19, proposer: 'h1' },
    ],
  },
  { ...envelope, type: 'flush', phase: 'cut', id: 99, initiator: 'h2', cut: [{ member: 'h1', value: 3 }] },
];

describe('group message codec', () => {
  it.each(samples.map((m) => [`${m.type}${m.relay ? ' relayed' : ''}`, m] as const))(
    'round-trips %s',
    (_name, message) => {
      expect(decodeMessage(encodeMessage(message))).toEqual(message);
    },
  );

  it('sets and clears the relay flag without decoding', () => {
    const bytes = encodeMessage(samples[0] as GroupMessage);
    const relayed = withRelay(bytes, true);
    expect(decodeMessage(bytes)?.relay).toBe(false); // a copy, the original is untouched
    expect(decodeMessage(relayed)).toEqual({ ...samples[0], relay: true });
    expect(decodeMessage(withRelay(relayed, false))).toEqual(samples[0]);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['best-effort test datagram', Buffer.from('{"from":"h1","seq":1,"t":2}\n')],
    ['wrong version', Buffer.from([0x47, 0x4d, 1, 0, 6])],
    ['unknown type', Buffer.from([0x47, 0x4d, 2, 0, 99])],
    ['unknown flag', Buffer.from([0x47, 0x4d, 2, 8, 6])],
  ])('rejects %s', (_name, bytes) => {
    expect(decodeMessage(bytes)).toBeUndefined();
  });

  it('rejects truncated messages, trailing bytes and a retransmit flag on a control message', () => {
    for (const message of samples) {
      const bytes = encodeMessage(message);
      for (let n = 0; n < bytes.length; n++) expect(decodeMessage(bytes.subarray(0, n))).toBeUndefined();
      expect(decodeMessage(Buffer.concat([bytes, Buffer.from([0])]))).toBeUndefined();
    }
    const join = encodeMessage({ ...envelope, type: 'join', inc: 1 });
    join.writeUInt8(2, 3);
    expect(decodeMessage(join)).toBeUndefined();
  });

  it('never throws on fuzzed input, and whatever it accepts re-encodes to an equal message', () => {
    const random = seededRandom(2024);
    const encoded = samples.map(encodeMessage);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = encoded[random.int(encoded.length)] as Buffer;
      const bytes = mutate(base, random);
      const decoded = decodeMessage(bytes);
      if (decoded) {
        accepted++;
        expect(decodeMessage(encodeMessage(decoded))).toEqual(decoded);
      }
    }
    for (let i = 0; i < 5_000; i++) {
      const junk = Buffer.from(Array.from({ length: random.int(64) }, () => random.int(256)));
      expect(() => decodeMessage(junk)).not.toThrow();
    }
    expect(accepted).toBeGreaterThan(100); // the fuzzing reached past the header
  });
});

/** Flips, overwrites, drops or inserts a few bytes. */
function mutate(base: Buffer, random: ReturnType<typeof seededRandom>): Buffer {
  let bytes = Buffer.from(base);
  for (let k = 1 + random.int(3); k > 0; k--) {
    const at = random.int(Math.max(1, bytes.length));
    switch (random.int(4)) {
      case 0:
        if (at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ (1 << random.int(8));
        break;
      case 1:
        if (at < bytes.length) bytes[at] = random.int(256);
        break;
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
        break;
      default:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([random.int(256)]), bytes.subarray(at)]);
    }
  }
  return bytes;
}
