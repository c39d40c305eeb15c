import { inspectLab } from '../docker/inspect.js';
import { listLabs } from '../docker/labs.js';
import { LabInputError } from '../errors.js';
import { table } from '../report/table.js';
import { describeLab } from './describe.js';
import type { CommandContext, LabCommand } from './lab-command.js';

export function inspectCommand(program: LabCommand): void {
  program
    .command('inspect')
    .description('show a running lab: networks, nodes, interfaces, addresses, routes')
    .argument('[file]', 'topology YAML file naming the lab')
    .labOption('lab name')
    .option('--all', 'list every lab on this engine')
    .jsonOption()
    .run(
      async (
        { options, runtime, labNamedBy, emit }: CommandContext<{ all?: boolean }>,
        file: string | undefined,
      ) => {
        const labs = await listLabs(runtime);
        if (options.all) {
          emit({ labs }, () =>
            table([
              ['LAB', 'CONTAINERS', 'RUNNING', 'NETWORKS'],
              ...labs.map((l) => [l.name, String(l.containers), String(l.running), String(l.networks)]),
            ]),
          );
          return;
        }
        const lab = (await labNamedBy(file)) ?? (labs.length === 1 ? labs[0]?.name : undefined);
        if (!lab)
          throw new LabInputError('say which lab: a topology FILE, --lab NAME, or --all to list them');
        const inspection = await inspectLab(runtime, lab);
        emit(inspection, () => describeLab(inspection));
      },
    );
}
