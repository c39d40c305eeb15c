import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { crashNode, restartNode } from '../docker/node-lifecycle.js';
import { emit, runCommand } from './output.js';

export function faultCommands(program: Command): void {
  program
    .command('crash')
    .description("kill a node's container at once (SIGKILL), as a crash would; its run directory stays")
    .argument('<node>', 'node name')
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((node: string, opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const result = await crashNode(createRuntime(), node, opts.lab);
        emit(Boolean(opts.json), result, () =>
          result.wasRunning ? `crashed ${node}` : `${node} was not running`,
        );
        return undefined;
      }),
    );
  program
    .command('restart')
    .description('start a node again as deployed (routes, counters, impairments), its daemon from scratch')
    .argument('<node>', 'node name')
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((node: string, opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const result = await restartNode(createRuntime(), node, opts.lab);
        emit(Boolean(opts.json), result, () => `restarted ${node} in ${result.seconds.toFixed(1)} s`);
        return undefined;
      }),
    );
}
