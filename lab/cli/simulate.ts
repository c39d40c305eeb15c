import { LabInputError } from '../errors.js';
import { simulateModes } from '../simulate/simulate.js';
import type { TwinImpairment } from '../simulate/twin.js';
import { loadTopologyAndWorkload } from '../workload/parse.js';
import type { CommandContext, LabCommand } from './lab-command.js';
import { modeProgress, parseModes, reportComparison } from './mode-runs.js';

const IMPAIRMENT = /^([a-z][a-z0-9-]*):(?:loss=(\d+(?:\.\d+)?)%?|(down))$/;

/** `--impair core:loss=5` (percent of frames dropped) or `--impair r2:down`, repeatable. */
export function parseImpairment(text: string, previous: TwinImpairment[] = []): TwinImpairment[] {
  const match = IMPAIRMENT.exec(text);
  const loss = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match?.[1] || (loss !== undefined && loss > 100))
    throw new LabInputError(
      `--impair ${text}: expected TARGET:loss=PERCENT (0 to 100) or TARGET:down, TARGET a network or node`,
    );
  return [...previous, { target: match[1], ...(loss === undefined ? { down: true } : { loss }) }];
}

export function simulateCommand(program: LabCommand): void {
  program
    .command('simulate')
    .description(
      "run a workload on a topology's simulated twin in each PIM mode, on virtual time, and report as compare does",
    )
    .argument('<topology>', 'topology YAML file')
    .requiredOption('--workload <file>', 'workload YAML file')
    .option('--modes <modes>', 'comma-separated PIM modes', 'dense,sparse')
    .option('--seed <n>', 'seed of every random draw: the same seed gives the same report', '1')
    .option(
      '--impair <target:impairment>',
      'TARGET:loss=PERCENT or TARGET:down (repeatable)',
      parseImpairment,
      [],
    )
    .option('--out <dir>', 'where report.md, report.json and the SVG charts go', 'simulate-report')
    .jsonOption()
    .run(async ({ options, json }: CommandContext<SimulateOptions>, file: string) => {
      const modes = parseModes(options.modes);
      const seed = Number(options.seed);
      if (!Number.isSafeInteger(seed) || seed < 0)
        throw new LabInputError(`--seed must be a whole number from 0 (got ${options.seed})`);
      const { topology, workload } = await loadTopologyAndWorkload(file, options.workload);
      const progress = modeProgress<'converge' | 'run'>(
        'simulate',
        modes,
        workload.duration + 1,
        (stage, t = 0) => (stage === 'converge' ? 0 : 1 + t),
      );
      const started = performance.now();
      const comparison = await simulateModes(topology, workload, {
        modes,
        seed,
        impairments: options.impair,
        onProgress: progress.update,
      }).finally(() => progress.stop());
      const wallSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
      await reportComparison(comparison, options.out, json, { wallSeconds });
    });
}

interface SimulateOptions {
  workload: string;
  modes: string;
  seed: string;
  impair: TwinImpairment[];
  out: string;
}
