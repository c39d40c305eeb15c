import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { ControlArgs, ControlRequest, ControlResponse } from './protocol.js';
import { UsageError } from './protocol.js';

export type VerbHandler = (args: ControlArgs) => unknown | Promise<unknown>;

/** Serves JSON-lines control requests on a unix socket; requests on one connection may interleave. */
export async function serveControl(path: string, verbs: Record<string, VerbHandler>): Promise<Server> {
  await rm(path, { force: true }); // a socket left by a previous run of this node
  const server = createServer((socket) => answerRequests(socket, verbs));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return server;
}

function answerRequests(socket: Socket, verbs: Record<string, VerbHandler>): void {
  socket.on('error', () => socket.destroy());
  const lines = createInterface({ input: socket });
  // readline passes the socket's errors on (a client gone with answers unread: ECONNRESET); unhandled,
  // they would end the daemon.
  lines.on('error', () => socket.destroy());
  lines.on('line', async (line) => {
    const response = await answer(line, verbs);
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  });
}

async function answer(line: string, verbs: Record<string, VerbHandler>): Promise<ControlResponse> {
  let request: ControlRequest;
  try {
    request = JSON.parse(line) as ControlRequest;
  } catch {
    return { id: -1, ok: false, error: { code: 'usage', message: 'request is not JSON' } };
  }
  if (typeof request !== 'object' || request === null) {
    return { id: -1, ok: false, error: { code: 'usage', message: 'request is not a JSON object' } };
  }
  const handler = Object.hasOwn(verbs, request.verb) ? verbs[request.verb] : undefined;
  if (!handler) {
    const known = Object.keys(verbs).sort().join(', ');
    return {
      id: request.id,
      ok: false,
      error: { code: 'usage', message: `unknown verb "${request.verb}"; valid verbs: ${known}` },
    };
  }
  try {
    return { id: request.id, ok: true, result: (await handler(request.args ?? {})) ?? null };
  } catch (err) {
    const code = err instanceof UsageError ? 'usage' : 'failed';
    return { id: request.id, ok: false, error: { code, message: (err as Error).message } };
  }
}
