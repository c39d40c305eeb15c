import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LabInputError } from '../errors.js';
import { toMermaid } from '../report/mermaid.js';
import { toSvg } from '../report/svg.js';
import { loadValidTopology } from '../topology/parse.js';
import { planLab } from '../topology/planner.js';
import { emit, runCommand } from './output.js';

const FORMATS = ['svg', 'mermaid'] as const;

export function graphCommand(program: Command): void {
  program
    .command('graph')
    .description('draw a topology as SVG or Mermaid')
    .argument('<file>', 'topology YAML file')
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'svg')
    .option('--out <path>', 'write to a file instead of stdout')
    .option('--json', 'print one JSON document holding the drawing')
    .action((file: string, opts: { format: string; out?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        if (!(FORMATS as readonly string[]).includes(opts.format)) {
          throw new LabInputError(`--format must be one of ${FORMATS.join(', ')} (got "${opts.format}")`);
        }
        const planned = planLab(await loadValidTopology(file), {});
        if (!planned.ok) throw new LabInputError(planned.errors.join('\n'));
        const drawing = opts.format === 'svg' ? toSvg(planned.plan) : toMermaid(planned.plan);
        if (opts.out) await writeFile(opts.out, drawing);
        const written = opts.out ? { out: opts.out } : { drawing };
        emit(Boolean(opts.json), { format: opts.format, ...written }, () =>
          opts.out ? `wrote ${opts.out}` : drawing.trimEnd(),
        );
        return undefined;
      }),
    );
}
