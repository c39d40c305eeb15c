import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequest } from '../../common/control/client.js';
import type { ProtocolEvent } from '../../common/protocol-events.js';
import { emit } from './output.js';

/** How often `--follow` asks the node for what came next. */
const FOLLOW_MS = 200;

type Page = { events: ProtocolEvent[]; latest: number };

/** One event as a line: time, node, what it is about, `from --event--> to`. */
export function eventLine(e: ProtocolEvent): string {
  const time = new Date(e.wall).toISOString().slice(11, 23);
  const change = `${e.from ? `${e.from} ` : ''}--${e.event}-->${e.to ? ` ${e.to}` : ''}`;
  return `${time} ${e.node} ${e.machine}${e.key ? ` ${e.key}` : ''}: ${change}`;
}

/**
 * A node's protocol events after `since`: once (one JSON document, or a line each), or with `follow`
 * as they come (a JSON object per line with `json`) until interrupted.
 */
export async function showEvents(
  socket: string,
  options: { since: number; follow: boolean; json: boolean },
): Promise<void> {
  const read = (since: number) => controlRequest(socket, 'events', { since }) as Promise<Page>;
  if (!options.follow) {
    const page = await read(options.since);
    emit(options.json, page, () => page.events.map(eventLine).join('\n'));
    return;
  }
  let since = options.since;
  let stopped = false;
  process.once('SIGINT', () => {
    stopped = true;
  });
  while (!stopped) {
    const page = await read(since);
    for (const e of page.events) process.stdout.write(`${options.json ? JSON.stringify(e) : eventLine(e)}\n`);
    since = page.latest;
    await sleep(FOLLOW_MS);
  }
}
