import type { Command } from 'commander';
import { createRuntime } from '../runtime/context.js';
import { findNode } from '../runtime/find-node.js';
import { inNetns } from '../runtime/netns.js';
import { emit, runCommand } from './output.js';

export function execCommand(program: Command): void {
  program
    .command('exec')
    .description("run a host command (ip, ping, tcpdump, …) inside a node's network namespace")
    .argument('<node>', 'node name')
    .argument('<command...>', 'command and its arguments (after --)')
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document with exit code, stdout and stderr')
    .action((node: string, argv: string[], opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const target = await findNode(createRuntime(), node, opts.lab);
        const result = await inNetns(target.pid, argv);
        if (opts.json) {
          emit(
            true,
            { node, command: argv, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr },
            () => '',
          );
        } else {
          if (result.stdout) process.stdout.write(`${result.stdout}\n`);
          if (result.stderr) process.stderr.write(`${result.stderr}\n`);
        }
        // The command's own exit status, like `docker exec`; failing to start it at all is ours.
        return result.exitCode ?? 1;
      }),
    );
}
