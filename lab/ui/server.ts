import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DELIVERY_LOG_NAME } from '../../common/control/protocol.js';
import type { RuntimeContext } from '../docker/context.js';
import { connectLab } from '../docker/lab-client.js';
import { readLabPlan } from '../docker/lab-plan-file.js';
import { nodeRunDir } from '../docker/names.js';
import { toSvg } from '../report/svg.js';
import { type LiveSnapshot, LiveState } from './live-state.js';
import { UI_PAGE } from './page.js';

/** How often the lab is polled while someone watches. */
const UPDATE_MS = 1_000;
/** The deliveries a host's panel lists, newest last. */
const LAST_DELIVERIES = 20;
const ROUTER_VIEWS = ['mroute', 'pim-neighbors', 'pim-state', 'igmp'] as const;

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The live view of a running lab on 127.0.0.1: the page, the topology drawn as `graph` draws it, a
 * Server-Sent Events stream of live snapshots (the lab is polled once a second while a page is open),
 * and each node's state on demand. Everything is served from here; the page fetches nothing else.
 */
export async function serveUi(ctx: RuntimeContext, lab: string, port = 0): Promise<UiServer> {
  const [client, plan] = await Promise.all([connectLab(ctx, lab), readLabPlan(ctx, lab)]);
  const topology = toSvg(plan);
  const live = new LiveState(client);
  const watchers = new Set<ServerResponse>();
  let latest: LiveSnapshot | undefined;
  let polling: NodeJS.Timeout | undefined;

  const broadcast = async () => {
    const began = performance.now();
    try {
      latest = await live.poll();
      const line = `data: ${JSON.stringify(latest)}\n\n`;
      for (const watcher of watchers) watcher.write(line);
    } catch (error) {
      const line = `event: failure\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`;
      for (const watcher of watchers) watcher.write(line);
    }
    // Once a second, however long the poll took.
    const wait = Math.max(0, UPDATE_MS - (performance.now() - began));
    if (watchers.size > 0) polling = setTimeout(() => void broadcast(), wait);
    else polling = undefined;
  };

  const nodeState = async (name: string): Promise<unknown> => {
    const node = client.node(name);
    if (node.kind === 'router') {
      const views = await Promise.all(
        ROUTER_VIEWS.map(async (view) => [view, await client.agent(name, 'show', { view }).catch(errorOf)]),
      );
      return { node: name, kind: 'router', ...Object.fromEntries(views) };
    }
    const [stats, log] = await Promise.all([
      client.agent(name, 'stats').catch(errorOf),
      readFile(join(nodeRunDir(ctx, lab, name), DELIVERY_LOG_NAME), 'utf8').catch(() => ''),
    ]);
    const deliveries = log
      .trimEnd()
      .split('\n')
      .filter(Boolean)
      .slice(-LAST_DELIVERIES)
      .map((line) => JSON.parse(line) as unknown);
    return { node: name, kind: 'host', stats, deliveries };
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/') return send(response, 'text/html; charset=utf-8', UI_PAGE);
    if (path === '/topology.svg') return send(response, 'image/svg+xml', topology);
    if (path === '/live') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      if (latest) response.write(`data: ${JSON.stringify(latest)}\n\n`);
      watchers.add(response);
      request.on('close', () => watchers.delete(response));
      if (!polling) void broadcast();
      return;
    }
    const nodeName = /^\/node\/([a-z][a-z0-9-]*)$/.exec(path)?.[1];
    if (nodeName && client.inspection.nodes.some((n) => n.name === nodeName)) {
      void nodeState(nodeName).then((state) => send(response, 'application/json', JSON.stringify(state)));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: async () => {
      clearTimeout(polling);
      for (const watcher of watchers) watcher.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: ServerResponse, type: string, body: string): void {
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

const errorOf = (error: Error) => ({ error: error.message });
