import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequest } from '../../common/control/client.js';
import type { PlannedNode } from '../topology/plan.js';
import type { RuntimeContext } from './context.js';
import { containerName, controlSocketPath } from './names.js';
import { runningPid } from './node-exit.js';

/**
 * Waits until the node's daemon answers `ping` on its control socket; a node without one (only the
 * user's program) is ready when its container runs. A container that exits meanwhile ends the wait at
 * once with its exit code and log (NodeExitedError): it will never answer.
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
