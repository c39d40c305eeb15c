import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { resolveLab } from '../docker/find-node.js';
import { LabInputError } from '../errors.js';
import { serveUi } from '../ui/server.js';
import { emit, runCommand } from './output.js';

export function uiCommand(program: Command): void {
  program
    .command('ui')
    .description(
      'a live web view of a running lab on 127.0.0.1: topology, traffic per network, groups, node state, events',
    )
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--port <port>', 'port to listen on (default: any free one)', '0')
    .option('--json', 'print one JSON document with the URL')
    .action((opts: { lab?: string; port: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65_535)
          throw new LabInputError(`--port must be a port number from 0 to 65535 (got ${opts.port})`);
        const ctx = createRuntime();
        const lab = await resolveLab(ctx, opts.lab);
        const ui = await serveUi(ctx, lab, port);
        emit(
          Boolean(opts.json),
          { lab, url: ui.url },
          () => `live view of ${lab}: ${ui.url} (Ctrl-C to stop)`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await ui.close();
        return undefined;
      }),
    );
}
