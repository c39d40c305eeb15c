import { describe, expect, it } from 'vitest';
import { ReceiveStream } from './receive-stream.js';

const msg = (seq: number) => ({ seq });
const seqs = (list: { seq: number }[]) => list.map((m) => m.seq);

describe('ReceiveStream (sequence numbers and hold-back queue)', () => {
  it('passes messages on in sequence, holding back those that arrive ahead of a gap', () => {
    const s = new ReceiveStream(1, 0, false, 100);
    expect(s.add(msg(0))).toBe('new');
    expect(seqs(s.takeInOrder())).toEqual([0]);
    expect(s.add(msg(2))).toBe('new');
    expect(s.add(msg(3))).toBe('new');
    expect(seqs(s.takeInOrder())).toEqual([]);
    expect(s.heldBack).toBe(2);
    expect(s.missing()).toEqual([{ first: 1, last: 1 }]);
    expect(s.add(msg(1))).toBe('new');
    expect(seqs(s.takeInOrder())).toEqual([1, 2, 3]);
    expect(s.next).toBe(4);
    expect(s.heldBack).toBe(0);
  });

  it('rejects duplicates, whether already passed on or still held back', () => {
    const s = new ReceiveStream(1, 0, false, 100);
    s.add(msg(0));
    s.add(msg(5));
    s.takeInOrder();
    expect(s.add(msg(0))).toBe('duplicate');
    expect(s.add(msg(5))).toBe('duplicate');
  });

  it('reports gaps up to the highest message known to exist, e.g. from a heartbeat', () => {
    const s = new ReceiveStream(1, 10, false, 100);
    s.add(msg(12));
    s.heard(16);
    expect(s.missing()).toEqual([
      { first: 10, last: 11 },
      { first: 13, last: 15 },
    ]);
    expect(s.missing(1)).toEqual([{ first: 10, last: 11 }]);
  });

  it('drops messages too far ahead (bounded memory) and tells late copies of skipped ones from duplicates', () => {
    const s = new ReceiveStream(1, 0, false, 4);
    expect(s.add(msg(4))).toBe('ahead');
    s.add(msg(2));
    expect(s.skipGap()).toBe(2);
    expect(seqs(s.takeInOrder())).toEqual([2]);
    expect(s.add(msg(1))).toBe('late');
    expect(s.add(msg(2))).toBe('duplicate');
  });

  it('keeps passed-on messages for repair until the origin reports them stable', () => {
    const s = new ReceiveStream(1, 0, true, 100);
    for (const seq of [0, 1, 2]) s.add(msg(seq));
    s.takeInOrder();
    expect(s.get(1)).toEqual(msg(1));
    expect(s.buffered).toBe(3);
    s.release(2);
    expect(s.get(1)).toBeUndefined();
    expect(s.get(2)).toEqual(msg(2));
  });

  it('tells the held-back message that arrived first, while it is held', () => {
    const s = new ReceiveStream(1, 0, false, 100);
    expect(s.oldestHeld()).toBeUndefined();
    s.add(msg(3), 10);
    s.add(msg(1), 20);
    s.add(msg(5), 30);
    expect(s.oldestHeld()).toEqual({ seq: 3, since: 10 });
    s.add(msg(0), 40);
    expect(seqs(s.takeInOrder())).toEqual([0, 1]);
    expect(s.oldestHeld()).toEqual({ seq: 3, since: 10 });
    s.add(msg(2), 50);
    expect(seqs(s.takeInOrder())).toEqual([2, 3]);
    expect(s.oldestHeld()).toEqual({ seq: 5, since: 30 });
    expect(s.missing(1)).toEqual([{ first: 4, last: 4 }]);
  });
});

describe('ReceiveStream as an atomic group holds it (one message at a time, boundaries moved by views)', () => {
  it('passes on one message at a time and tells how far it has received without a gap', () => {
    const s = new ReceiveStream(1, 0, true, Number.POSITIVE_INFINITY);
    for (const seq of [0, 1, 3]) s.add(msg(seq));
    expect(s.receivedUpTo).toBe(2);
    expect(s.heldUpTo).toBe(4);
    expect(s.takeNext()?.seq).toBe(0);
    expect(s.next).toBe(1);
    expect(s.get(0)?.seq).toBe(0); // kept for repairs
    expect(s.missing(16, 6)).toEqual([
      { first: 2, last: 2 },
      { first: 4, last: 5 },
    ]);
  });

  it('starts at a position, drops what lies beyond a cut, and takes a message back', () => {
    const s = new ReceiveStream(1, 0, true, Number.POSITIVE_INFINITY);
    for (const seq of [2, 5, 6, 8]) s.add(msg(seq));
    s.startAt(5); // a joiner starts where its view does
    expect(s.next).toBe(5);
    expect(s.get(2)).toBeUndefined();
    s.discardFrom(7); // beyond the flush's cut
    expect(s.heldUpTo).toBe(7);
    expect(s.takeNext()?.seq).toBe(5);
    expect(s.takeNext()?.seq).toBe(6);
    s.untake(5); // delivered by nobody after all: pending again, whatever the order they come back in
    s.untake(6);
    expect(s.next).toBe(5);
    expect(s.receivedUpTo).toBe(7);
  });

  it('restores what was delivered before a restart', () => {
    const s = new ReceiveStream(1, 3, true, Number.POSITIVE_INFINITY);
    s.restore(msg(3));
    s.restore(msg(4));
    expect(s.next).toBe(5);
    expect(s.buffered).toBe(2);
    expect(s.add(msg(4))).toBe('duplicate');
  });
});
