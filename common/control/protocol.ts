/**
 * The control protocol spoken on every node's control socket: one JSON object per line each way.
 * Verbs and their arguments belong to the agent; `args` is validated there.
 */

export type ControlArgs = Record<string, unknown>;

export interface ControlRequest {
  id: number;
  verb: string;
  args?: ControlArgs;
}

/** `usage`: the request itself is wrong (the CLI exits 2); `failed`: it was fine but did not work. */
export type ControlErrorCode = 'usage' | 'failed';

export type ControlResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: ControlErrorCode; message: string } };

/** Thrown by a verb handler to answer with a `usage` error instead of `failed`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where the node's run directory is mounted inside its container. */
export const CONTAINER_RUN_DIR = '/run/mcast-lab';
export const CONTROL_SOCKET_NAME = 'control.sock';
export const NODE_CONFIG_NAME = 'node.json';
/** Each node-agent's deliveries, one JSON object per line (ARCHITECTURE.md). */
export const DELIVERY_LOG_NAME = 'deliveries.jsonl';
/** What the node's own `command` (topology) prints, when its daemon runs it. */
export const COMMAND_LOG_NAME = 'command.log';
