import { controlRequest } from '../../common/control/client.js';
import { pollUntil } from '../../common/poll.js';
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
  const ping = () =>
    controlRequest(socket, 'ping', {}, 1_000).then(
      () => '',
      (err: Error) => err.message,
    );
  const failure = await pollUntil(ping, (error) => error === '', timeoutMs, 50);
  if (failure) throw new Error(`${node}'s agent did not answer within ${timeoutMs} ms: ${failure}`);
}
