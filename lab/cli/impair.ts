import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { resolveLab } from '../docker/find-node.js';
import { type ImpairmentChange, type Impairments, impair, listImpairments } from '../docker/impairments.js';
import { LabInputError } from '../errors.js';
import { emit, runCommand } from './output.js';

const describe = (i: Impairments) =>
  `${i.target}: ${
    [
      i.down ? 'down' : undefined,
      i.loss !== undefined ? `loss ${i.loss}%` : undefined,
      i.rate !== undefined ? `rate ${i.rate}` : undefined,
    ]
      .filter(Boolean)
      .join(', ') || 'no impairment'
  }`;

export function impairCommand(program: Command): void {
  program
    .command('impair')
    .description(
      "impair a network or a node's links (loss, rate, down) on the lab's bridges; no target: list",
    )
    .argument('[target]', 'network or node name')
    .option('--loss <percent>', 'drop this percentage of frames (0 removes the loss)', Number)
    .option('--rate <rate>', 'police to a rate: 500kbit, 10mbit, 200pps (off removes it)')
    .option('--down', 'drop every frame')
    .option('--up', 'bring a downed target back up')
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((target: string | undefined, opts: ImpairOptions) =>
      runCommand(Boolean(opts.json), async () => {
        const ctx = createRuntime();
        const lab = await resolveLab(ctx, opts.lab);
        if (opts.down && opts.up)
          throw new LabInputError('--down and --up contradict each other; choose one');
        const change: ImpairmentChange = {
          ...(opts.loss === undefined ? {} : { loss: opts.loss }),
          ...(opts.rate === undefined ? {} : { rate: opts.rate }),
          ...(opts.down || opts.up ? { down: Boolean(opts.down) } : {}),
        };
        if (target === undefined) {
          if (Object.keys(change).length > 0) throw new LabInputError('say which network or node to impair');
          const all = await listImpairments(lab);
          emit(Boolean(opts.json), { lab, impairments: all }, () =>
            all.length === 0 ? `no impairment in lab ${lab}` : all.map(describe).join('\n'),
          );
          return undefined;
        }
        if (Object.keys(change).length === 0)
          throw new LabInputError('say what to do: --loss, --rate, --down or --up');
        const result = await impair(ctx, lab, target, change);
        emit(Boolean(opts.json), { lab, ...result }, () => describe(result));
        return undefined;
      }),
    );
}

interface ImpairOptions {
  loss?: number;
  rate?: string;
  down?: boolean;
  up?: boolean;
  lab?: string;
  json?: boolean;
}
