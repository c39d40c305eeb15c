import { describe, expect, it } from 'vitest';
import { withRelay } from '../wire/frame.js';
import { decodeVs, encodeVs } from './codec.js';
import type { VsMessage } from './messages.js';

const envelope = { group: '239.1.1.1:5000', origin: 'h2', inc: 0xdeadbeef, view: 7, relay: false };
const members = [
  { id: 'h1', inc: 1 },
  { id: 'h2', inc: 0xdeadbeef },
];
const digest = [{ sender: 'h1', inc: 1, next: 12 }];

const samples: VsMessage[] = [
  {
    ...envelope,
    type: 'data',
    seq: 3,
    retransmit: false,
    history: false,
    payload: Buffer.from('hello'),
    orders: [],
    finals: [],
  },
  {
    ...envelope,
    type: 'data',
    seq: 4,
    retransmit: true,
    history: true,
    payload: Buffer.alloc(0),
    orders: [{ sender: 'h2', inc: 7, seq: 9 }],
    finals: [{ ref: { sender: 'h1', inc: 1, seq: 4 }, agreed: 12, proposer: 'h3' }],
  },
  { ...envelope, type: 'status', state: 'flushing', coordinator: 'h1', size: 2, digest },
  { ...envelope, type: 'fetch', sender: 'h1', senderInc: 1, history: true, ranges: [{ first: 2, last: 5 }] },
  { ...envelope, type: 'join', to: 'h1', catchUp: true },
  { ...envelope, type: 'leave', to: 'h1' },
  { ...envelope, type: 'prepare', attempt: 9, coordinator: 'h1', members, survivors: members.slice(1) },
  { ...envelope, type: 'flush-ok', attempt: 9, proposer: 'h1', digest },
  { ...envelope, type: 'cut', attempt: 9, proposer: 'h1', cut: digest },
  { ...envelope, type: 'cut-done', attempt: 9, proposer: 'h1' },
  {
    ...envelope,
    type: 'install',
    attempt: 9,
    prev: { id: 7, coordinator: 'h1' },
    cut: digest,
    next: { id: 8, coordinator: 'h2', members: members.slice(1) },
    history: [{ sender: 'h1', inc: 1, from: 0, next: 12 }],
    dissolveInto: undefined,
  },
  {
    ...envelope,
    type: 'install',
    attempt: 0,
    prev: undefined,
    cut: [],
    next: undefined,
    history: [],
    dissolveInto: 'h9',
  },
  { ...envelope, type: 'sync' },
  { ...envelope, type: 'propose', ref: { sender: 'h2', inc: 3, seq: 8 }, proposal: 41 },
  { ...envelope, type: 'propose', ref: { sender: 'h2', inc: 3, seq: 8 }, proposal: 41 },
];

describe('view-synchronous codec', () => {
  it.each(samples.map((m) => [m.type, m] as const))('round-trips %s', (_type, message) => {
    expect(decodeVs(encodeVs(message))).toEqual(message);
  });

  it('lets a hierarchical relay flip the relay flag without decoding', () => {
    const [data] = samples;
    const relayed = decodeVs(withRelay(encodeVs(data as VsMessage), true));
    expect(relayed).toEqual({ ...data, relay: true });
  });

  it('returns undefined for truncated, extended or foreign bytes, never throws', () => {
    for (const message of samples) {
      const bytes = encodeVs(message);
      for (let n = 0; n < bytes.length; n++) expect(decodeVs(bytes.subarray(0, n))).toBeUndefined();
      expect(decodeVs(Buffer.concat([bytes, Buffer.from([0])]))).toBeUndefined();
    }
    const flagged = encodeVs(samples[2] as VsMessage);
    flagged.writeUInt8(2, 3); // retransmit on a status
    expect(decodeVs(flagged)).toBeUndefined();
    expect(decodeVs(Buffer.from('GM\u0001\u0000\u0001'))).toBeUndefined();
  });
});
