import { LabInputError } from '../errors.js';
import { serveUi } from '../ui/server.js';
import type { CommandContext, LabCommand } from './lab-command.js';

export function uiCommand(program: LabCommand): void {
  program
    .command('ui')
    .description(
      'a live web view of a running lab on 127.0.0.1: topology, traffic per network, groups, node state, events',
    )
    .labOption()
    .option('--port <port>', 'port to listen on (default: any free one)', '0')
    .jsonOption('print one JSON document with the URL')
    .run(async ({ options, runtime, resolveLab, emit }: CommandContext<{ port: string }>) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new LabInputError(`--port must be a port number from 0 to 65535 (got ${options.port})`);
      const lab = await resolveLab();
      const ui = await serveUi(runtime, lab, port);
      emit({ lab, url: ui.url }, () => `live view of ${lab}: ${ui.url} (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await ui.close();
    });
}
