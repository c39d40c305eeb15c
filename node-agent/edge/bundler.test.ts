import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { bundleFrames, isBundle } from '../wire/bundle.js';
import { Bundler, MAX_DATAGRAM } from './bundler.js';

function bundler() {
  const sent: Buffer[] = [];
  return { sent, b: new Bundler((bytes) => sent.push(bytes)) };
}
const frame = (size: number, fill = 1) => Buffer.alloc(size, fill);
const framesIn = (bytes: Buffer) => (isBundle(bytes) ? bundleFrames(bytes) : [bytes]);

describe('Bundler', () => {
  it('sends what one turn of the event loop sent as one datagram, after the turn', async () => {
    const { sent, b } = bundler();
    for (let i = 0; i < 10; i++) b.add(frame(60, i));
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toHaveLength(1);
    expect(sent.flatMap(framesIn).map((f) => f[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('sends a datagram alone as it is (no bundle head)', async () => {
    const { sent, b } = bundler();
    b.add(frame(100, 7));
    await turn();
    expect(sent).toEqual([frame(100, 7)]);
  });

  it('never exceeds the MTU, keeps the order, and sends a large datagram on its own', async () => {
    const { sent, b } = bundler();
    const sizes = [1000, 400, 100, 1400, 50, 3000, 20];
    for (const [i, size] of sizes.entries()) b.add(frame(size, i));
    await turn();
    expect(sent.flatMap(framesIn).map((f) => f.length)).toEqual(sizes);
    for (const datagram of sent)
      if (isBundle(datagram)) expect(datagram.length).toBeLessThanOrEqual(MAX_DATAGRAM);
    expect(sent.length).toBeLessThan(sizes.length);
  });

  it('flush sends what waits at once', () => {
    const { sent, b } = bundler();
    b.add(frame(10));
    b.add(frame(10));
    b.flush();
    expect(sent).toHaveLength(1);
    expect(framesIn(sent[0] as Buffer)).toHaveLength(2);
  });
});
