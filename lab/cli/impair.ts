import { type ImpairmentChange, type Impairments, impair, listImpairments } from '../docker/impairments.js';
import { LabInputError } from '../errors.js';
import type { CommandContext, LabCommand } from './lab-command.js';

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

export function impairCommand(program: LabCommand): void {
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
    .labOption()
    .jsonOption()
    .run(
      async (
        { options, runtime, resolveLab, emit }: CommandContext<ImpairOptions>,
        target: string | undefined,
      ) => {
        const lab = await resolveLab();
        if (options.down && options.up)
          throw new LabInputError('--down and --up contradict each other; choose one');
        const change: ImpairmentChange = {
          ...(options.loss === undefined ? {} : { loss: options.loss }),
          ...(options.rate === undefined ? {} : { rate: options.rate }),
          ...(options.down || options.up ? { down: Boolean(options.down) } : {}),
        };
        if (target === undefined) {
          if (Object.keys(change).length > 0) throw new LabInputError('say which network or node to impair');
          const all = await listImpairments(lab);
          emit({ lab, impairments: all }, () =>
            all.length === 0 ? `no impairment in lab ${lab}` : all.map(describe).join('\n'),
          );
          return;
        }
        if (Object.keys(change).length === 0)
          throw new LabInputError('say what to do: --loss, --rate, --down or --up');
        const result = await impair(runtime, lab, target, change);
        emit({ lab, ...result }, () => describe(result));
      },
    );
}

interface ImpairOptions {
  loss?: number;
  rate?: string;
  down?: boolean;
  up?: boolean;
}
