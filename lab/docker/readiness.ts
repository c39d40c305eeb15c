import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequest } from '../../common/control/client.js';
import type { PlannedNode } from '../topology/plan.js';
import type { RuntimeContext } from './context.js';
import { containerName, controlSocketPath } from './names.js';
import { runningPid } from './node-exit.js';

/**
 * How long a node without the lab's daemon must have run to count as up: a program that fails at once
 * (bad arguments, a missing file) dies within it, and the deploy reports it instead of a lab without it.
 */
export const SETTLE_MS = 1_000;

/**
 * Waits until the node's daemon answers `ping` on its control socket; a node without one (only the
 * user's program) is ready when its container has run for SETTLE_MS. A container that exits meanwhile
 * ends the wait at once with its exit code and log (NodeExitedError): it will never answer.
 */
export async function waitForNode(
  ctx: RuntimeContext,
  lab: string,
  { name: node, daemon }: Pick<PlannedNode, 'name' | 'daemon'>,
  timeoutMs = 20_000,
): Promise<void> {
  const socket = controlSocketPath(ctx, lab, node);
  const container = ctx.docker.getContainer(containerName(lab, node));
  if (!daemon) {
    const { State } = await container.inspect();
    await sleep(Math.max(0, Date.parse(State.StartedAt) + SETTLE_MS - Date.now()));
    await runningPid(container, node);
    return;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = await controlRequest(socket, 'ping', {}, 1_000).then(
      () => undefined,
      (err: Error) => err.message,
    );
    if (failure === undefined) return;
    await runningPid(container, node);
    if (Date.now() > deadline)
      throw new Error(`${node}'s agent did not answer within ${timeoutMs} ms: ${failure}`);
    await sleep(50);
  }
}
