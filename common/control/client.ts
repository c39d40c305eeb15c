import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import type { ControlArgs, ControlErrorCode, ControlResponse } from './protocol.js';

/** A verb answered with an error by the node. */
export class ControlError extends Error {
  override name = 'ControlError';
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Sends one request to a control socket and resolves with the node's result. */
export function controlRequest(
  socketPath: string,
  verb: string,
  args: ControlArgs = {},
  timeoutMs = 10_000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to "${verb}" on ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      socket.destroy();
      settle();
    };
    socket.on('error', (err) => finish(() => reject(err)));
    // The node went away mid-request (crashed, stopped): say so now rather than at the timeout.
    socket.on('close', () =>
      finish(() => reject(new Error(`${socketPath} closed before answering "${verb}"`))),
    );
    socket.on('connect', () => socket.write(`${JSON.stringify({ id: 1, verb, args })}\n`));
    // readline re-emits socket errors: listen for them so they settle the promise once, above.
    const lines = createInterface({ input: socket });
    lines.on('error', () => {});
    lines.once('line', (line) => {
      let response: ControlResponse;
      try {
        response = JSON.parse(line) as ControlResponse;
      } catch {
        finish(() => reject(new Error(`answer on ${socketPath} is not JSON: ${line.slice(0, 80)}`)));
        return;
      }
      finish(() =>
        response.ok
          ? resolve(response.result)
          : reject(new ControlError(response.error.code, response.error.message)),
      );
    });
  });
}
