import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { resolveLab } from '../docker/find-node.js';
import { execInNode } from '../docker/node-exec.js';
import { LabInputError } from '../errors.js';
import { emit, runCommand } from './output.js';

export function execCommand(program: Command): void {
  program
    .command('exec')
    .description(
      "run a program in a node: inside its container when it runs your own image, else a host tool (ip, ping, tcpdump…) in the node's network namespace",
    )
    .argument('<node>', 'node name')
    .argument('<command...>', 'command and its arguments (after --)')
    .option('--container', "run it inside the node's container (its image's programs)")
    .option('--host', "run a host program in the node's network namespace")
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document with exit code, stdout and stderr')
    .action((node: string, argv: string[], opts: ExecOptions) =>
      runCommand(Boolean(opts.json), async () => {
        if (opts.container && opts.host)
          throw new LabInputError('--container and --host contradict each other; choose one');
        const ctx = createRuntime();
        const lab = await resolveLab(ctx, opts.lab);
        const where = opts.container ? 'container' : opts.host ? 'host' : undefined;
        // Without --json the output streams as it comes; with it, it is one document at the end.
        const result = await execInNode(ctx, lab, node, argv, where, !opts.json);
        if (opts.json) emit(true, { node, command: argv, ...result }, () => '');
        // The command's own exit status, like `docker exec`; failing to start it at all is ours.
        return result.exitCode < 0 ? 1 : result.exitCode;
      }),
    );
}

interface ExecOptions {
  container?: boolean;
  host?: boolean;
  lab?: string;
  json?: boolean;
}
