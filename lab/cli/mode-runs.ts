import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Comparison } from '../compare/compare.js';
import { comparisonTable, writeReport } from '../compare/report.js';
import type { CompareMode } from '../compare/summarize.js';
import { LabInputError } from '../errors.js';
import { emit } from './output.js';

/** What `compare` and `simulate` share: one workload on one topology in each PIM mode, one report. */

const MODES: CompareMode[] = ['dense', 'sparse'];

export function parseModes(text: string): CompareMode[] {
  const modes = text.split(',').map((m) => m.trim());
  const unknown = modes.find((m) => !MODES.includes(m as CompareMode));
  if (unknown !== undefined) throw new LabInputError(`unknown mode "${unknown}"; valid: ${MODES.join(', ')}`);
  return modes as CompareMode[];
}

/**
 * One bar over all modes on stderr, `perMode` steps each, `step` placing a stage within a mode; a line
 * per stage when stderr is no terminal.
 */
export function modeProgress<Stage extends string>(
  label: string,
  modes: CompareMode[],
  perMode: number,
  step: (stage: Stage, t?: number) => number,
) {
  if (!process.stderr.isTTY) {
    return {
      update: (mode: CompareMode, stage: Stage) =>
        stage !== 'run' && process.stderr.write(`${label}: ${mode} ${stage}\n`),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% {mode} {stage}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.round(perMode * modes.length), 0, { mode: '', stage: '' });
  return {
    update: (mode: CompareMode, stage: Stage, t?: number) =>
      bar.update(Math.round(modes.indexOf(mode) * perMode + step(stage, t)), { mode, stage }),
    stop: () => bar.stop(),
  };
}

/** Writes the report to `out` and prints the table (or one JSON document) on stdout. */
export async function reportComparison(
  comparison: Comparison,
  out: string,
  json: boolean,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const files = await writeReport(comparison, resolve(out));
  emit(
    json,
    {
      topology: comparison.topology,
      workload: comparison.workload.name,
      ...(comparison.simulated ? { simulated: comparison.simulated } : {}),
      summaries: comparison.results.map((r) => r.summary),
      files,
      ...extra,
    },
    () => `${comparisonTable(comparison)}\n\nreport: ${files.find((f) => f.endsWith('report.md'))}`,
  );
}
