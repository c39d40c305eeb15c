import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { type CompareStage, compareModes } from '../compare/compare.js';
import { comparisonTable, writeReport } from '../compare/report.js';
import type { CompareMode } from '../compare/summarize.js';
import { InputInvalid, LabInputError } from '../errors.js';
import { createRuntime } from '../runtime/context.js';
import { loadWorkload } from '../workload/parse.js';
import { loadValidTopology } from './load.js';
import { emit, runCommand } from './output.js';

const MODES: CompareMode[] = ['dense', 'sparse'];

/** One bar over the whole comparison: per mode, deploy, convergence and destroy count a step each. */
function compareProgress(modes: CompareMode[], duration: number) {
  const steps = (stage: CompareStage, t = 0) =>
    ({ deploy: 0, converge: 1, run: 2 + t, destroy: 2 + duration })[stage];
  const perMode = duration + 3;
  const total = Math.round(perMode * modes.length);
  if (!process.stderr.isTTY) {
    return {
      update: (mode: CompareMode, stage: CompareStage) =>
        stage !== 'run' && process.stderr.write(`compare: ${mode} ${stage}\n`),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'compare [{bar}] {percentage}% {mode} {stage}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { mode: '', stage: '' });
  return {
    update: (mode: CompareMode, stage: CompareStage, t?: number) =>
      bar.update(Math.round(modes.indexOf(mode) * perMode + steps(stage, t)), { mode, stage }),
    stop: () => bar.stop(),
  };
}

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
        const modes = opts.modes.split(',').map((m) => m.trim());
        const unknown = modes.find((m) => !MODES.includes(m as CompareMode));
        if (unknown !== undefined)
          throw new LabInputError(`unknown mode "${unknown}"; valid: ${MODES.join(', ')}`);
        const topology = await loadValidTopology(file);
        const loaded = await loadWorkload(opts.workload, topology);
        if (!loaded.ok) throw new InputInvalid(loaded.errors);
        const progress = compareProgress(modes as CompareMode[], loaded.value.duration);
        const comparison = await compareModes(createRuntime(), topology, loaded.value, {
          modes: modes as CompareMode[],
          onProgress: progress.update,
        }).finally(() => progress.stop());
        const files = await writeReport(comparison, resolve(opts.out));
        emit(
          Boolean(opts.json),
          {
            topology: comparison.topology,
            workload: comparison.workload.name,
            summaries: comparison.results.map((r) => r.summary),
            files,
          },
          () => `${comparisonTable(comparison)}\n\nreport: ${files.find((f) => f.endsWith('report.md'))}`,
        );
        return undefined;
      }),
    );
}
