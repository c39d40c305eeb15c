import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { DEFAULT_TIMING, type Reliability } from '../group-types/options.js';
import { zeroCounters } from '../group-types/stats.js';
import { dataMessage, testEnvelope } from '../testing/fixtures.js';
import type { GroupMessage, StreamMessage } from '../wire/messages.js';
import { ReliableChannel } from './channel.js';

const envelope = testEnvelope;
const pos = (origin: string, next: number) => ({ kind: 'data' as const, origin, inc: 1, low: 0, next });

function channel(self: string, mode: Reliability, limits = { window: 2, maxBuffered: 8 }) {
  const clock = new VirtualClock();
  const toAll: GroupMessage[] = [];
  const toOne: [string, GroupMessage][] = [];
  const inOrder: StreamMessage[] = [];
  let rooms = 0;
  const counters = zeroCounters();
  const ch = new ReliableChannel(
    self,
    1,
    clock,
    seededRandom(1),
    mode,
    DEFAULT_TIMING,
    limits,
    {
      envelope: () => ({ ...envelope, origin: self }),
      toAll: (m) => toAll.push(m),
      toOne: (to, m) => toOne.push([to, m]),
      others: () => ['h1', 'h2', 'h3'].filter((m) => m !== self),
      receiving: () => true,
      arrived: () => {},
      inOrder: (m) => inOrder.push(m),
      started: () => {},
      room: () => rooms++,
    },
    counters,
  );
  const send = () =>
    ch.send('data', (f) => ({
      ...envelope,
      origin: self,
      type: 'data',
      ...f,
      vt: [],
      payload: Buffer.from('x'),
    }));
  return { clock, ch, toAll, toOne, inOrder, counters, send, rooms: () => rooms };
}

const data = dataMessage;

describe('ReliableChannel, ACK mode', () => {
  it('pipelines up to the window, then refuses until every member acknowledged (cumulative acks)', () => {
    const { ch, send, rooms } = channel('h1', 'ack');
    send();
    send();
    expect(ch.blocked()).toBe('window');
    ch.receiveDigest('h2', [pos('h1', 2)]);
    expect(ch.blocked()).toBe('window'); // h3 has acked nothing yet
    ch.receiveDigest('h3', [pos('h1', 1)]);
    expect(ch.blocked()).toBeUndefined();
    expect(rooms()).toBe(1);
  });

  it('retransmits what a member has not acked after the timeout: to it alone, or multicast to several', () => {
    const { clock, ch, toAll, toOne, send } = channel('h1', 'ack');
    send();
    send();
    ch.receiveDigest('h2', [pos('h1', 2)]);
    ch.receiveDigest('h3', [pos('h1', 1)]);
    clock.advance(DEFAULT_TIMING.rtoMs * 1.5);
    expect(toOne.map(([to, m]) => [to, m.type === 'data' && m.seq])).toEqual([['h3', 1]]);
    expect(toAll).toHaveLength(2); // just the two first copies
    send();
    clock.advance(DEFAULT_TIMING.rtoMs * 1.5);
    expect(
      toAll.filter((m) => m.type === 'data' && m.retransmit).map((m) => m.type === 'data' && m.seq),
    ).toEqual([2]);
  });

  it('acks once for several messages after a short delay, not at all when its own data carries the ack', () => {
    const r = channel('h2', 'ack');
    r.ch.receive(data('h1', 0));
    r.ch.receive(data('h1', 1));
    r.clock.advance(DEFAULT_TIMING.ackDelayMs);
    expect(r.toOne.map(([to, m]) => [to, m.type])).toEqual([['h1', 'ack']]);
    r.ch.receive(data('h1', 2));
    r.send(); // piggybacks the digest
    r.clock.advance(DEFAULT_TIMING.ackDelayMs);
    expect(r.toOne).toHaveLength(1);
    const own = r.toAll.find((m) => m.type === 'data');
    expect(own?.type === 'data' && own.digest.find((p) => p.origin === 'h1')?.next).toBe(3);
  });
});

describe('ReliableChannel, NACK mode', () => {
  it('bounds unstable messages and frees them once every member’s digest is past them', () => {
    const { clock, ch, send } = channel('h1', 'nack', { window: 2, maxBuffered: 3 });
    send();
    send();
    send();
    expect(ch.blocked()).toBe('buffer');
    ch.receiveDigest('h2', [pos('h1', 3)]);
    ch.receiveDigest('h3', [pos('h1', 3)]);
    expect(ch.blocked()).toBeUndefined();
    expect(ch.buffered).toBe(3); // kept for the retention time, in case a member just joined
    clock.advance(DEFAULT_TIMING.retainMs);
    ch.tick();
    expect(ch.buffered).toBe(0);
  });

  it('hands over in order, counts duplicates and NACKs a gap', () => {
    const { clock, ch, toAll, inOrder, counters } = channel('h2', 'nack');
    ch.receive(data('h1', 0));
    ch.receive(data('h1', 2));
    ch.receive(data('h1', 2));
    expect(inOrder.map((m) => m.seq)).toEqual([0]);
    expect(counters).toMatchObject({ received: 2, duplicates: 1, heldBack: 1 });
    clock.advance(DEFAULT_TIMING.nackMaxMs);
    expect(toAll.map((m) => m.type === 'nack' && m.ranges)).toEqual([[{ first: 1, last: 1 }]]);
    ch.receive({ ...data('h1', 1), retransmit: true });
    expect(inOrder.map((m) => m.seq)).toEqual([0, 1, 2]);
  });
});

describe('ReliableChannel, best-effort', () => {
  it('gives up every gap held back behind for the hold time at once, not one per hold time', () => {
    const { clock, ch, inOrder } = channel('h1', 'best-effort');
    // 0 arrives; 1, 3 and 5 are lost.
    for (const seq of [0, 2, 4, 6]) ch.receive(data('h2', seq));
    expect(inOrder.map((m) => m.seq)).toEqual([0]);
    clock.advance(DEFAULT_TIMING.holdMs);
    expect(inOrder.map((m) => m.seq)).toEqual([0, 2, 4, 6]);
  });
});
