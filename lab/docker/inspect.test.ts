import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardingOf, readForwarding } from './inspect.js';

describe('forwardingOf', () => {
  it("reads the plane off a router's status, null as none, anything else as unknown", () => {
    expect(forwardingOf({ node: 'r1', forwardingPlane: 'nftables' })).toBe('nftables');
    expect(forwardingOf({ node: 'r1', forwardingPlane: 'kernel-mroute' })).toBe('kernel-mroute');
    expect(forwardingOf({ node: 'r1', forwardingPlane: null })).toBe('none');
    expect(forwardingOf({ node: 'r1' })).toBe('unknown');
    expect(forwardingOf({ forwardingPlane: 'xdp' })).toBe('unknown');
    expect(forwardingOf('pong')).toBe('unknown');
    expect(forwardingOf(null)).toBe('unknown');
  });
});

describe('readForwarding', () => {
  let dir: string | undefined;
  let server: Server | undefined;
  const sockets = new Set<Socket>();

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (server) await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A control socket that answers `status` with `result`, or never answers. */
  async function router(result: unknown | 'silent'): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'mcast-inspect-'));
    const path = join(dir, 'control.sock');
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      createInterface({ input: socket }).on('line', () => {
        if (result !== 'silent') socket.write(`${JSON.stringify({ id: 1, ok: true, result })}\n`);
      });
    });
    await new Promise<void>((resolve) => server?.listen(path, resolve));
    return path;
  }

  it("asks the router's status verb", async () => {
    expect(await readForwarding(await router({ forwardingPlane: 'nftables' }))).toBe('nftables');
  });

  it('says unknown for a router that is not there or does not answer in time', async () => {
    expect(await readForwarding('/nonexistent/control.sock')).toBe('unknown');
    expect(await readForwarding(await router('silent'), 50)).toBe('unknown');
  });
});
