import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlError, controlRequest } from './client.js';

let dir: string;
let socketPath: string;
let server: Server | undefined;
const sockets = new Set<Socket>();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcast-client-'));
  socketPath = join(dir, 'control.sock');
});

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  if (server) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A raw unix-socket peer: `onLine` decides what (if anything) to write back for each request line. */
async function listen(onLine: (line: string, socket: Socket) => void): Promise<void> {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    createInterface({ input: socket }).on('line', (line) => onLine(line, socket));
  });
  await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
}

describe('controlRequest', () => {
  it('sends one JSON line with the verb and args, defaulting args to {}', async () => {
    const seen: unknown[] = [];
    await listen((line, socket) => {
      seen.push(JSON.parse(line));
      socket.write(`${JSON.stringify({ id: 1, ok: true, result: seen.length })}\n`);
    });
    await expect(controlRequest(socketPath, 'ping')).resolves.toBe(1);
    await expect(controlRequest(socketPath, 'send', { _: ['239.1.1.1'], count: '3' })).resolves.toBe(2);
    expect(seen).toEqual([
      { id: 1, verb: 'ping', args: {} },
      { id: 1, verb: 'send', args: { _: ['239.1.1.1'], count: '3' } },
    ]);
  });

  it('rejects with a ControlError carrying the code and message of an error answer', async () => {
    await listen((_line, socket) =>
      socket.write(`${JSON.stringify({ id: 1, ok: false, error: { code: 'failed', message: 'boom' } })}\n`),
    );
    const error = await controlRequest(socketPath, 'send').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ControlError', code: 'failed', message: 'boom' });
  });

  it('resolves with the first answer line even when it arrives in pieces', async () => {
    await listen((_line, socket) => {
      const text = `${JSON.stringify({ id: 1, ok: true, result: { joined: '239.1.1.1' } })}\n`;
      socket.write(text.slice(0, 10));
      setTimeout(() => socket.write(text.slice(10)), 20);
    });
    await expect(controlRequest(socketPath, 'join')).resolves.toEqual({ joined: '239.1.1.1' });
  });

  it('times out when the peer accepts the request but never answers', async () => {
    let received = 0;
    await listen(() => {
      received += 1;
    });
    const started = Date.now();
    await expect(controlRequest(socketPath, 'stats', {}, 150)).rejects.toThrow(
      `no answer to "stats" on ${socketPath} within 150 ms`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(received).toBe(1);
  });

  it('closes its connection after the answer and after a timeout', async () => {
    let closed = 0;
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => {
        closed += 1;
      });
      createInterface({ input: socket }).on('line', (line) => {
        if (JSON.parse(line).verb === 'ping')
          socket.write(`${JSON.stringify({ id: 1, ok: true, result: 'pong' })}\n`);
      });
    });
    await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
    await controlRequest(socketPath, 'ping');
    await controlRequest(socketPath, 'silent', {}, 50).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(2);
  });

  it('rejects with the connect error when nothing listens on the socket path', async () => {
    await expect(controlRequest(join(dir, 'missing.sock'), 'ping', {}, 1_000)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
