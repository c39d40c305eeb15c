import { ControlError } from '../../common/control/client.js';
import { InputInvalid, LabInputError } from '../errors.js';

/** Exit codes of every command: 0 ok, 1 runtime failure, 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** With --json exactly one JSON document goes to stdout; otherwise the human text. */
export function emit(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** Runs a command body and turns whatever it throws into the right exit code and message. */
export async function runCommand(json: boolean, body: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? EXIT_OK;
  } catch (err) {
    const badInput =
      err instanceof InputInvalid ||
      err instanceof LabInputError ||
      (err instanceof ControlError && err.code === 'usage');
    const errors = err instanceof InputInvalid ? err.errors : undefined;
    const message = errors ? (err as InputInvalid).message : explain(err as Error);
    if (json) emit(true, { error: { message, ...(errors ? { errors } : {}) } }, () => '');
    else process.stderr.write(errors ? `${message}\n` : `error: ${message}\n`);
    process.exitCode = badInput ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }
}

/** Socket errors from dockerode say little; name the engine and the way to start it. */
function explain(err: Error & { address?: string; code?: string }): string {
  if (err.address?.endsWith('docker.sock') && ['ENOENT', 'ECONNREFUSED', 'EACCES'].includes(err.code ?? '')) {
    return `cannot reach the Docker engine at ${err.address} (${err.code}): start it with "npx mcast-lab setup"`;
  }
  return err.message;
}
