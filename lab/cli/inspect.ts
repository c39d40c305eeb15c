import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { inspectLab } from '../docker/inspect.js';
import { listLabs } from '../docker/labs.js';
import { LabInputError } from '../errors.js';
import { table } from '../report/table.js';
import { describeLab } from './describe.js';
import { labNameFrom } from './load.js';
import { emit, runCommand } from './output.js';

export function inspectCommand(program: Command): void {
  program
    .command('inspect')
    .description('show a running lab: networks, nodes, interfaces, addresses, routes')
    .argument('[file]', 'topology YAML file naming the lab')
    .option('--lab <lab>', 'lab name')
    .option('--all', 'list every lab on this engine')
    .option('--json', 'print one JSON document')
    .action((file: string | undefined, opts: { lab?: string; all?: boolean; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const ctx = createRuntime();
        if (opts.all) {
          const labs = await listLabs(ctx);
          emit(Boolean(opts.json), { labs }, () =>
            table([
              ['LAB', 'CONTAINERS', 'RUNNING', 'NETWORKS'],
              ...labs.map((l) => [l.name, String(l.containers), String(l.running), String(l.networks)]),
            ]),
          );
          return undefined;
        }
        const labs = await listLabs(ctx);
        const lab = (await labNameFrom(file, opts.lab)) ?? (labs.length === 1 ? labs[0]?.name : undefined);
        if (!lab)
          throw new LabInputError('say which lab: a topology FILE, --lab NAME, or --all to list them');
        const inspection = await inspectLab(ctx, lab);
        emit(Boolean(opts.json), inspection, () => describeLab(inspection));
        return undefined;
      }),
    );
}
