import { heal, partition } from '../docker/impairments.js';
import type { LabCommand } from './lab-command.js';

/** `h1,h2 / h3` (however the shell split it) → [[h1, h2], [h3]]. */
export function parseGroups(words: string[]): string[][] {
  return words
    .join(' ')
    .split('/')
    .map((group) => group.split(/[\s,]+/).filter(Boolean));
}

export function partitionCommand(program: LabCommand): void {
  program
    .command('partition')
    .description('cut the lab into groups of nodes that hear only each other, e.g. partition h1,h2 / h3,h4')
    .argument('<groups...>', 'node names, commas within a group, / between groups')
    .labOption()
    .jsonOption()
    .run(async ({ runtime, resolveLab, emit }, words: string[]) => {
      const lab = await resolveLab();
      const groups = parseGroups(words);
      await partition(runtime, lab, groups);
      emit(
        { lab, partition: groups },
        () => `partitioned lab ${lab}: ${groups.map((g) => g.join(',')).join(' / ')}`,
      );
    });
  program
    .command('heal')
    .description('remove the partition (impairments stay)')
    .labOption()
    .jsonOption()
    .run(async ({ resolveLab, emit }) => {
      const lab = await resolveLab();
      const healed = await heal(lab);
      emit({ lab, healed: healed ?? null }, () =>
        healed ? `healed lab ${lab}` : `lab ${lab} was not partitioned`,
      );
    });
}
