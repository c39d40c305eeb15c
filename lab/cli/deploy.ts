import { deployTopology } from '../docker/deploy-topology.js';
import { inspectLab } from '../docker/inspect.js';
import { loadValidTopology } from '../topology/parse.js';
import { describeLab } from './describe.js';
import type { CommandContext, LabCommand } from './lab-command.js';
import { deployProgressReporter } from './progress.js';

export function deployCommand(program: LabCommand): void {
  program
    .command('deploy')
    .description('build a topology as a Docker lab (rolls back everything on failure)')
    .argument('<file>', 'topology YAML file')
    .option('--name <lab>', "lab name instead of the file's")
    .option('--reconfigure', 'replace a running lab of the same name')
    .jsonOption()
    .run(
      async (
        { options, runtime, emit }: CommandContext<{ name?: string; reconfigure?: boolean }>,
        file: string,
      ) => {
        const topology = await loadValidTopology(file);
        const progress = deployProgressReporter('deploy');
        // Ctrl-C rolls back what was created so far instead of leaving half a lab.
        const interrupt = new AbortController();
        const onInterrupt = () => interrupt.abort(new Error('deploy interrupted; rolled back'));
        process.once('SIGINT', onInterrupt);
        const result = await deployTopology(runtime, topology, {
          ...options,
          onProgress: progress.onProgress,
          signal: interrupt.signal,
        }).finally(() => {
          progress.stop();
          process.off('SIGINT', onInterrupt);
        });
        const lab = await inspectLab(runtime, result.lab);
        emit({ ...lab, deploy: result }, () =>
          [
            `deployed lab ${result.lab} in ${result.seconds.toFixed(1)} s (${result.images} images)`,
            describeLab(lab),
          ].join('\n'),
        );
      },
    );
}
