import { describe, expect, it } from 'vitest';
import { CounterTable } from './traffic-counters.js';

describe('CounterTable', () => {
  it('starts a group with zeroed counters, not joined, and returns the same object after', () => {
    const table = new CounterTable();
    const counters = table.of('239.1.1.1');
    expect(counters).toEqual({
      joined: false,
      sent: 0,
      received: 0,
      bytesSent: 0,
      bytesReceived: 0,
      senders: {},
      duplicates: 0,
    });
    counters.joined = true;
    expect(table.of('239.1.1.1')).toBe(counters);
    expect(table.groups).toEqual({ '239.1.1.1': counters });
  });

  it('counts sent datagrams and bytes per group', () => {
    const table = new CounterTable();
    table.countSent('239.1.1.1', 100);
    table.countSent('239.1.1.1', 50);
    table.countSent('239.2.2.2', 10);
    expect(table.of('239.1.1.1')).toMatchObject({ sent: 2, bytesSent: 150, received: 0, bytesReceived: 0 });
    expect(table.of('239.2.2.2')).toMatchObject({ sent: 1, bytesSent: 10 });
  });

  it('counts received datagrams and bytes per group and per sender', () => {
    const table = new CounterTable();
    table.countReceived('239.1.1.1', 'h1', 64);
    table.countReceived('239.1.1.1', 'h1', 64);
    table.countReceived('239.1.1.1', 'h2', 100);
    table.countReceived('239.2.2.2', 'h1', 1);
    expect(table.of('239.1.1.1')).toMatchObject({
      received: 3,
      bytesReceived: 228,
      sent: 0,
      senders: { h1: 2, h2: 1 },
    });
    expect(table.of('239.2.2.2').senders).toEqual({ h1: 1 });
  });

  it('keeps counters and membership separate', () => {
    const table = new CounterTable();
    table.of('239.1.1.1').joined = true;
    table.countReceived('239.1.1.1', 'h1', 10);
    table.of('239.1.1.1').joined = false;
    expect(table.of('239.1.1.1')).toMatchObject({ joined: false, received: 1 });
  });

  it('counts senders named like Object.prototype properties ("constructor" is a valid node name)', () => {
    const table = new CounterTable();
    for (const sender of ['constructor', 'toString', '__proto__', 'constructor']) {
      table.countReceived('239.1.1.1', sender, 1);
    }
    const senders = table.of('239.1.1.1').senders;
    expect(Object.entries(senders)).toEqual([
      ['constructor', 2],
      ['toString', 1],
      ['__proto__', 1],
    ]);
    expect(JSON.parse(JSON.stringify(senders))).toEqual(
      JSON.parse('{"constructor":2,"toString":1,"__proto__":1}'),
    );
  });
});

describe('duplicates', () => {
  it('counts a copy of a datagram already received (same sender and sequence number) apart', () => {
    const table = new CounterTable();
    table.countReceived('239.1.1.1', 'h1', 64, 0);
    table.countReceived('239.1.1.1', 'h1', 64, 1);
    table.countReceived('239.1.1.1', 'h1', 64, 1);
    table.countReceived('239.1.1.1', 'h2', 64, 1);
    expect(table.of('239.1.1.1')).toMatchObject({ received: 3, duplicates: 1, senders: { h1: 2, h2: 1 } });
  });
});
