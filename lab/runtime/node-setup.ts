import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequest } from '../../common/control/client.js';
import type { PlannedNode } from '../topology/plan.js';
import type { RuntimeContext } from './context.js';
import { controlSocketPath } from './names.js';
import { ipBatch } from './netns.js';

/**
 * The node's unicast routes, replacing the default route Docker gives even on internal networks
 * (it points at the host bridge, which must not carry lab traffic).
 */
export function routeCommands(node: PlannedNode): string[] {
  const hasDefault = node.routes.some((r) => r.destination === 'default');
  return [
    ...(hasDefault ? [] : ['route del default']),
    ...node.routes.map((r) => `route replace ${r.destination} via ${r.via}`),
  ];
}

export async function installRoutes(pid: number, node: PlannedNode): Promise<void> {
  await ipBatch(pid, routeCommands(node));
}

/** Waits until the node's daemon answers `ping` on its control socket. */
export async function waitForAgent(
  ctx: RuntimeContext,
  lab: string,
  node: string,
  timeoutMs = 20_000,
): Promise<void> {
  const socket = controlSocketPath(ctx, lab, node);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await controlRequest(socket, 'ping', {}, 1_000);
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`${node}'s agent did not answer within ${timeoutMs} ms: ${err}`);
      await sleep(50);
    }
  }
}
