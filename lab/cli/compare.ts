import type { Command } from 'commander';
import { type CompareStage, compareModes } from '../compare/compare.js';
import { createRuntime } from '../docker/context.js';
import { loadTopologyAndWorkload, modeProgress, parseModes, reportComparison } from './mode-runs.js';
import { runCommand } from './output.js';

export function compareCommand(program: Command): void {
  program
    .command('compare')
    .description('run one workload on a topology in each PIM mode (a fresh lab each) and report the traffic')
    .argument('<topology>', 'topology YAML file')
    .requiredOption('--workload <file>', 'workload YAML file')
    .option('--modes <modes>', 'comma-separated PIM modes', 'dense,sparse')
    .option('--out <dir>', 'where report.md, report.json and the SVG charts go', 'compare-report')
    .option('--json', 'print one JSON document')
    .action((file: string, opts: { workload: string; modes: string; out: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const modes = parseModes(opts.modes);
        const { topology, workload } = await loadTopologyAndWorkload(file, opts.workload);
        // Per mode, deploy, convergence and destroy count a step each, the run a step per second.
        const progress = modeProgress<CompareStage>(
          'compare',
          modes,
          workload.duration + 3,
          (stage, t = 0) => ({ deploy: 0, converge: 1, run: 2 + t, destroy: 2 + workload.duration })[stage],
        );
        const comparison = await compareModes(createRuntime(), topology, workload, {
          modes,
          onProgress: progress.update,
        }).finally(() => progress.stop());
        await reportComparison(comparison, opts.out, Boolean(opts.json));
        return undefined;
      }),
    );
}
