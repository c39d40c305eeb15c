import { describe, expect, it } from 'vitest';
import { type DatagramHeader, decodeDatagram, encodeDatagram } from './datagram.js';

const header: DatagramHeader = { from: 'h1', seq: 7, t: 1_700_000_000_000 };

describe('encodeDatagram / decodeDatagram', () => {
  it('round-trips the header', () => {
    expect(decodeDatagram(encodeDatagram(header, 64))).toEqual(header);
    expect(decodeDatagram(encodeDatagram({ from: 'rtr-ü "x"', seq: 0, t: 0 }, 1))).toEqual({
      from: 'rtr-ü "x"',
      seq: 0,
      t: 0,
    });
  });

  it('pads with zeros to exactly the requested size', () => {
    const head = `${JSON.stringify(header)}\n`;
    const datagram = encodeDatagram(header, 1000);
    expect(datagram.length).toBe(1000);
    expect(datagram.subarray(0, head.length).toString()).toBe(head);
    expect(datagram.subarray(head.length).every((byte) => byte === 0)).toBe(true);
  });

  it('is exactly the header when it fits the size exactly', () => {
    const head = Buffer.from(`${JSON.stringify(header)}\n`);
    expect(encodeDatagram(header, head.length)).toEqual(head);
    expect(encodeDatagram(header, head.length + 1).length).toBe(head.length + 1);
  });

  it('keeps the whole header when it is larger than the size', () => {
    const head = Buffer.from(`${JSON.stringify(header)}\n`);
    const datagram = encodeDatagram(header, 1);
    expect(datagram).toEqual(head);
    expect(decodeDatagram(datagram)).toEqual(header);
  });

  it('counts the size in bytes, not characters', () => {
    const wide = { from: 'ñódé-✓', seq: 1, t: 2 };
    const datagram = encodeDatagram(wide, 200);
    expect(datagram.length).toBe(200);
    expect(decodeDatagram(datagram)).toEqual(wide);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['zeros only', Buffer.alloc(64)],
    ['no newline', Buffer.from(JSON.stringify(header))],
    ['not JSON', Buffer.from('hello world\n')],
    ['binary', Buffer.from([0xff, 0xfe, 0x0a, 0x00])],
    ['JSON null', Buffer.from('null\n')],
    ['JSON number', Buffer.from('42\n')],
    ['JSON array', Buffer.from('[1,2]\n')],
    ['missing from', Buffer.from('{"seq":1,"t":2}\n')],
    ['from not a string', Buffer.from('{"from":1,"seq":1,"t":2}\n')],
    ['seq not a number', Buffer.from('{"from":"h1","seq":"1","t":2}\n')],
    ['missing t', Buffer.from('{"from":"h1","seq":1}\n')],
  ])('returns undefined for a datagram that is not ours: %s', (_name, datagram) => {
    expect(decodeDatagram(datagram)).toBeUndefined();
  });

  it('reads only the first line', () => {
    const datagram = Buffer.from(`${JSON.stringify(header)}\n{"from":"other","seq":1,"t":1}\n`);
    expect(decodeDatagram(datagram)).toEqual(header);
  });
});
