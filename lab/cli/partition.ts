import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { resolveLab } from '../docker/find-node.js';
import { currentPartition, heal, partition } from '../docker/impairments.js';
import { emit, runCommand } from './output.js';

/** `h1,h2 / h3` (however the shell split it) → [[h1, h2], [h3]]. */
export function parseGroups(words: string[]): string[][] {
  return words
    .join(' ')
    .split('/')
    .map((group) => group.split(/[\s,]+/).filter(Boolean));
}

export function partitionCommand(program: Command): void {
  program
    .command('partition')
    .description('cut the lab into groups of nodes that hear only each other, e.g. partition h1,h2 / h3,h4')
    .argument('<groups...>', 'node names, commas within a group, / between groups')
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((words: string[], opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const ctx = createRuntime();
        const lab = await resolveLab(ctx, opts.lab);
        const groups = parseGroups(words);
        await partition(ctx, lab, groups);
        emit(
          Boolean(opts.json),
          { lab, partition: groups },
          () => `partitioned lab ${lab}: ${groups.map((g) => g.join(',')).join(' / ')}`,
        );
        return undefined;
      }),
    );
  program
    .command('heal')
    .description('remove the partition (impairments stay)')
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const lab = await resolveLab(createRuntime(), opts.lab);
        const healed = await currentPartition(lab);
        await heal(lab);
        emit(Boolean(opts.json), { lab, healed: healed ?? null }, () =>
          healed ? `healed lab ${lab}` : `lab ${lab} was not partitioned`,
        );
        return undefined;
      }),
    );
}
