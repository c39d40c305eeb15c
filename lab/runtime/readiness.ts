import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequest } from '../../common/control/client.js';
import type { RuntimeContext } from './context.js';
import { containerName, controlSocketPath } from './names.js';
import { runningPid } from './node-exit.js';

/**
 * Waits until the node's daemon answers `ping` on its control socket. A container that exits meanwhile
 * ends the wait at once with its exit code and log (NodeExitedError): it will never answer.
 */
export async function waitForAgent(
  ctx: RuntimeContext,
  lab: string,
  node: string,
  timeoutMs = 20_000,
): Promise<void> {
  const socket = controlSocketPath(ctx, lab, node);
  const container = ctx.docker.getContainer(containerName(lab, node));
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
