import { execInNode } from '../docker/node-exec.js';
import { LabInputError } from '../errors.js';
import type { CommandContext, LabCommand } from './lab-command.js';

export function execCommand(program: LabCommand): void {
  program
    .command('exec')
    .description(
      "run a program in a node: inside its container when it runs your own image, else a host tool (ip, ping, tcpdump…) in the node's network namespace",
    )
    .argument('<node>', 'node name')
    .argument('<command...>', 'command and its arguments (after --)')
    .option('--container', "run it inside the node's container (its image's programs)")
    .option('--host', "run a host program in the node's network namespace")
    .labOption()
    .jsonOption('print one JSON document with exit code, stdout and stderr')
    .run(
      async (
        { options, json, runtime, resolveLab, emit }: CommandContext<ExecOptions>,
        node: string,
        argv: string[],
      ) => {
        if (options.container && options.host)
          throw new LabInputError('--container and --host contradict each other; choose one');
        const lab = await resolveLab();
        const where = options.container ? 'container' : options.host ? 'host' : undefined;
        // Without --json the output streams as it comes; with it, it is one document at the end.
        const result = await execInNode(runtime, lab, node, argv, where, !json);
        if (json) emit({ node, command: argv, ...result }, () => '');
        // The command's own exit status, like `docker exec`; failing to start it at all is ours.
        return result.exitCode < 0 ? 1 : result.exitCode;
      },
    );
}

interface ExecOptions {
  container?: boolean;
  host?: boolean;
}
