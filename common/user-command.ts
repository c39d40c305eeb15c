import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_LOG_NAME } from './control/protocol.js';
import type { Logger } from './logger.js';

/** The node's own program as `status` reports it. */
export interface UserCommandState {
  argv: string[];
  pid: number | null;
  running: boolean;
  /** Once it has ended: its exit code, or the signal that ended it. */
  exitCode: number | null;
  signal: string | null;
  /** Why it could not start (e.g. no such file). */
  error?: string;
}

/**
 * Starts the node's own program (the topology's `command`) next to the lab's daemon, stdout and stderr
 * appended to `command.log` in the node's run directory, where the user's tests read them.
 */
export class UserCommand {
  private readonly child: ChildProcess;
  private readonly state: UserCommandState;

  constructor(argv: string[], runDir: string, log: Logger) {
    const [file = '', ...args] = argv;
    const output = openSync(join(runDir, COMMAND_LOG_NAME), 'a');
    this.child = spawn(file, args, { stdio: ['ignore', output, output] });
    this.state = { argv, pid: this.child.pid ?? null, running: true, exitCode: null, signal: null };
    this.child.on('error', (error) => {
      Object.assign(this.state, { running: false, error: error.message });
      log.error('command did not start', { argv, error: error.message });
    });
    this.child.on('exit', (exitCode, signal) => {
      Object.assign(this.state, { running: false, exitCode, signal });
      log.info('command ended', { argv, exitCode, signal });
    });
  }

  status(): UserCommandState {
    return { ...this.state };
  }

  stop(): void {
    if (this.state.running) this.child.kill('SIGTERM');
  }
}
