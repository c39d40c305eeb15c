import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlError, controlRequest } from './client.js';
import { UsageError } from './protocol.js';
import { serveControl, type VerbHandler } from './server.js';

let dir: string;
let socketPath: string;
const servers: Server[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcast-control-'));
  socketPath = join(dir, 'control.sock');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

async function serve(verbs: Record<string, VerbHandler>): Promise<Server> {
  const server = await serveControl(socketPath, verbs);
  servers.push(server);
  return server;
}

/** Writes raw lines on one connection and collects `count` parsed response lines. */
function rawExchange(lines: string[], count: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const responses: unknown[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${responses.length} of ${count} responses`));
    }, 2_000);
    socket.on('error', reject);
    socket.on('connect', () => socket.write(lines.map((l) => `${l}\n`).join('')));
    createInterface({ input: socket }).on('line', (line) => {
      responses.push(JSON.parse(line));
      if (responses.length === count) {
        clearTimeout(timer);
        socket.destroy();
        resolve(responses);
      }
    });
  });
}

describe('serveControl with controlRequest', () => {
  it('outlives a client that goes away with answers unread (ECONNRESET)', async () => {
    await serve({ ping: () => 'pong' });
    const rude = connect(socketPath);
    rude.pause(); // answers pile up unread in its receive buffer
    await new Promise((resolve) => rude.on('connect', resolve));
    rude.write(`${JSON.stringify({ id: 1, verb: 'ping', args: {} })}\n`.repeat(50));
    await new Promise((resolve) => setTimeout(resolve, 100));
    rude.destroy(); // closing with unread data resets the connection
    await expect(controlRequest(socketPath, 'ping')).resolves.toBe('pong');
  });

  it('answers a verb with its result and passes the arguments through', async () => {
    await serve({ echo: (args) => ({ got: args }), ping: () => 'pong' });
    await expect(controlRequest(socketPath, 'ping')).resolves.toBe('pong');
    await expect(controlRequest(socketPath, 'echo', { a: 1, _: ['x'] })).resolves.toEqual({
      got: { a: 1, _: ['x'] },
    });
  });

  it('answers null for a handler that returns nothing, and waits for async handlers', async () => {
    await serve({
      nothing: () => undefined,
      later: async () => {
        await new Promise((r) => setTimeout(r, 20));
        return 42;
      },
    });
    await expect(controlRequest(socketPath, 'nothing')).resolves.toBeNull();
    await expect(controlRequest(socketPath, 'later')).resolves.toBe(42);
  });

  it('gives handlers {} when a request has no args', async () => {
    await serve({ echo: (args) => args });
    const [response] = await rawExchange([JSON.stringify({ id: 7, verb: 'echo' })], 1);
    expect(response).toEqual({ id: 7, ok: true, result: {} });
  });

  it('rejects an unknown verb with a usage error listing the valid verbs, sorted', async () => {
    await serve({ stats: () => 1, join: () => 1, ping: () => 1 });
    const error = await controlRequest(socketPath, 'jion').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toMatchObject({
      code: 'usage',
      message: 'unknown verb "jion"; valid verbs: join, ping, stats',
    });
  });

  it('does not treat inherited object properties as verbs', async () => {
    await serve({ ping: () => 'pong' });
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      await expect(controlRequest(socketPath, name)).rejects.toMatchObject({ code: 'usage' });
    }
  });

  it('maps a UsageError from the handler to "usage" and any other error to "failed"', async () => {
    await serve({
      misuse: () => {
        throw new UsageError('bad group');
      },
      broken: () => {
        throw new Error('socket exploded');
      },
      brokenAsync: async () => {
        throw new UsageError('async misuse');
      },
      rejects: () => Promise.reject(new Error('async failure')),
    });
    await expect(controlRequest(socketPath, 'misuse')).rejects.toMatchObject({
      name: 'ControlError',
      code: 'usage',
      message: 'bad group',
    });
    await expect(controlRequest(socketPath, 'broken')).rejects.toMatchObject({
      code: 'failed',
      message: 'socket exploded',
    });
    await expect(controlRequest(socketPath, 'brokenAsync')).rejects.toMatchObject({
      code: 'usage',
      message: 'async misuse',
    });
    await expect(controlRequest(socketPath, 'rejects')).rejects.toMatchObject({
      code: 'failed',
      message: 'async failure',
    });
  });

  it('answers a non-JSON line with a usage error and keeps serving the connection', async () => {
    await serve({ ping: () => 'pong' });
    const responses = await rawExchange(['this is not json', JSON.stringify({ id: 2, verb: 'ping' })], 2);
    expect(responses).toEqual([
      { id: -1, ok: false, error: { code: 'usage', message: 'request is not JSON' } },
      { id: 2, ok: true, result: 'pong' },
    ]);
  });

  it('answers JSON that is not a request object with a usage error instead of crashing', async () => {
    await serve({ ping: () => 'pong' });
    const responses = await rawExchange(['null', '42', JSON.stringify({ id: 3, verb: 'ping' })], 3);
    expect(responses[0]).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(responses[1]).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(responses[2]).toEqual({ id: 3, ok: true, result: 'pong' });
    await expect(controlRequest(socketPath, 'ping')).resolves.toBe('pong');
  });

  it('serves requests on concurrent connections at the same time', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await serve({
      wait: async () => {
        await released;
        return 'waited';
      },
      release: () => {
        release();
        return 'released';
      },
    });
    // `wait` only finishes once `release` has been answered on another connection.
    const waiting = controlRequest(socketPath, 'wait', {}, 2_000);
    await new Promise((r) => setTimeout(r, 20));
    await expect(controlRequest(socketPath, 'release', {}, 2_000)).resolves.toBe('released');
    await expect(waiting).resolves.toBe('waited');
  });

  it('interleaves requests on one connection, each answer carrying its request id', async () => {
    await serve({
      slow: async () => {
        await new Promise((r) => setTimeout(r, 50));
        return 'slow';
      },
      fast: () => 'fast',
    });
    const responses = await rawExchange(
      [JSON.stringify({ id: 1, verb: 'slow' }), JSON.stringify({ id: 2, verb: 'fast' })],
      2,
    );
    expect(responses).toEqual([
      { id: 2, ok: true, result: 'fast' },
      { id: 1, ok: true, result: 'slow' },
    ]);
  });

  it('replaces a stale socket left by a process that died without cleaning up', async () => {
    // A listener killed with SIGKILL leaves its socket file behind, and listen() on it fails with EADDRINUSE.
    const child = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(socketPath)).toBe(true);
    await expect(controlRequest(socketPath, 'ping', {}, 1_000)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });

    await serve({ ping: () => 'pong' });
    await expect(controlRequest(socketPath, 'ping')).resolves.toBe('pong');
  });

  it('replaces any leftover file at the socket path', async () => {
    await writeFile(socketPath, 'leftover');
    await serve({ ping: () => 'pong' });
    await expect(controlRequest(socketPath, 'ping')).resolves.toBe('pong');
  });
});
