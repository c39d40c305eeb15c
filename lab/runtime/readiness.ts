import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequest } from '../../common/control/client.js';
import type { RuntimeContext } from './context.js';
import { controlSocketPath } from './names.js';

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
