import { destroyLabs } from '../docker/destroy.js';
import { LabInputError } from '../errors.js';
import type { CommandContext, LabCommand } from './lab-command.js';

export function destroyCommand(program: LabCommand): void {
  program
    .command('destroy')
    .description(
      'remove a lab (containers, networks, firewall rules, nftables tables, run directory); idempotent',
    )
    .argument('[file]', 'topology YAML file naming the lab')
    .labOption('lab name')
    .option('--all', 'every lab on this engine')
    .jsonOption()
    .run(
      async (
        { options, runtime, labNamedBy, emit }: CommandContext<{ all?: boolean }>,
        file: string | undefined,
      ) => {
        const lab = await labNamedBy(file);
        if (!lab && !options.all)
          throw new LabInputError('say which lab: a topology FILE, --lab NAME or --all');
        const result = await destroyLabs(runtime, lab ? { lab } : { all: true });
        emit(result, () =>
          result.containers + result.networks + result.firewallRules + result.nftTables === 0
            ? `nothing to destroy${lab ? ` for lab ${lab}` : ''}`
            : `destroyed ${result.labs.join(', ')}: ${result.containers} containers, ${result.networks} networks, ${result.firewallRules} firewall rules, ${result.nftTables} nftables tables`,
        );
      },
    );
}
