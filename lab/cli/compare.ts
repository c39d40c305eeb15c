import { type CompareStage, compareModes } from '../compare/compare.js';
import { loadTopologyAndWorkload } from '../workload/parse.js';
import type { CommandContext, LabCommand } from './lab-command.js';
import { modeProgress, parseModes, reportComparison } from './mode-runs.js';

export function compareCommand(program: LabCommand): void {
  program
    .command('compare')
    .description('run one workload on a topology in each PIM mode (a fresh lab each) and report the traffic')
    .argument('<topology>', 'topology YAML file')
    .requiredOption('--workload <file>', 'workload YAML file')
    .option('--modes <modes>', 'comma-separated PIM modes', 'dense,sparse')
    .option('--out <dir>', 'where report.md, report.json and the SVG charts go', 'compare-report')
    .jsonOption()
    .run(
      async (
        { options, json, runtime }: CommandContext<{ workload: string; modes: string; out: string }>,
        file: string,
      ) => {
        const modes = parseModes(options.modes);
        const { topology, workload } = await loadTopologyAndWorkload(file, options.workload);
        // Per mode, deploy, convergence and destroy count a step each, the run a step per second.
        const progress = modeProgress<CompareStage>(
          'compare',
          modes,
          workload.duration + 3,
          (stage, t = 0) => ({ deploy: 0, converge: 1, run: 2 + t, destroy: 2 + workload.duration })[stage],
        );
        const comparison = await compareModes(runtime, topology, workload, {
          modes,
          onProgress: progress.update,
        }).finally(() => progress.stop());
        await reportComparison(comparison, options.out, json);
      },
    );
}
