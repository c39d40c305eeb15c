import { writeFile } from 'node:fs/promises';
import { LabInputError } from '../errors.js';
import { toMermaid } from '../report/mermaid.js';
import { toSvg } from '../report/svg.js';
import { loadValidTopology } from '../topology/parse.js';
import { planLab } from '../topology/planner.js';
import type { CommandContext, LabCommand } from './lab-command.js';

const FORMATS = ['svg', 'mermaid'] as const;

export function graphCommand(program: LabCommand): void {
  program
    .command('graph')
    .description('draw a topology as SVG or Mermaid')
    .argument('<file>', 'topology YAML file')
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'svg')
    .option('--out <path>', 'write to a file instead of stdout')
    .jsonOption('print one JSON document holding the drawing')
    .run(async ({ options, emit }: CommandContext<{ format: string; out?: string }>, file: string) => {
      const { format, out } = options;
      if (!(FORMATS as readonly string[]).includes(format)) {
        throw new LabInputError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
      }
      const planned = planLab(await loadValidTopology(file), {});
      if (!planned.ok) throw new LabInputError(planned.errors.join('\n'));
      const drawing = format === 'svg' ? toSvg(planned.plan) : toMermaid(planned.plan);
      if (out) await writeFile(out, drawing);
      const written = out ? { out } : { drawing };
      emit({ format, ...written }, () => (out ? `wrote ${out}` : drawing.trimEnd()));
    });
}
