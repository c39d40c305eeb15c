import type Docker from 'dockerode';
import { logTail } from './container-logs.js';

/** How many lines of a dead node's log its error shows: enough for a stack trace. */
const LOG_LINES = 15;

/** A node's container stopped before its daemon answered: what it exited with and what it last said. */
export class NodeExitedError extends Error {
  override name = 'NodeExitedError';
  constructor(
    readonly node: string,
    readonly exitCode: number,
    readonly log: string[],
  ) {
    const tail = log.map((line) => `\n  ${line}`).join('');
    super(
      `${node} exited with code ${exitCode} before the lab was up; ` +
        (tail ? `the last lines of its log:${tail}` : 'its log is empty'),
    );
  }
}

/** The PID of the node's running container; a container that has stopped throws its NodeExitedError. */
export async function runningPid(container: Docker.Container, node: string): Promise<number> {
  const { State } = await container.inspect();
  if (State.Running) return State.Pid;
  throw new NodeExitedError(node, State.ExitCode, await logTail(container, LOG_LINES));
}

/**
 * Runs work on a running node (routes through its PID, …); when it fails because the container has
 * exited meanwhile, the exit is the error, not the symptom (nsenter finding no namespace).
 */
export async function explainExit<T>(
  container: Docker.Container,
  node: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await runningPid(container, node);
    throw err;
  }
}
