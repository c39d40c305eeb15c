import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { destroyLabs } from '../docker/destroy.js';
import { LabInputError } from '../errors.js';
import { labNameFrom } from './load.js';
import { emit, runCommand } from './output.js';

export function destroyCommand(program: Command): void {
  program
    .command('destroy')
    .description(
      'remove a lab (containers, networks, firewall rules, nftables tables, run directory); idempotent',
    )
    .argument('[file]', 'topology YAML file naming the lab')
    .option('--lab <lab>', 'lab name')
    .option('--all', 'every lab on this engine')
    .option('--json', 'print one JSON document')
    .action((file: string | undefined, opts: { lab?: string; all?: boolean; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const lab = await labNameFrom(file, opts.lab);
        if (!lab && !opts.all) throw new LabInputError('say which lab: a topology FILE, --lab NAME or --all');
        const result = await destroyLabs(createRuntime(), lab ? { lab } : { all: true });
        emit(Boolean(opts.json), result, () =>
          result.containers + result.networks + result.firewallRules + result.nftTables === 0
            ? `nothing to destroy${lab ? ` for lab ${lab}` : ''}`
            : `destroyed ${result.labs.join(', ')}: ${result.containers} containers, ${result.networks} networks, ${result.firewallRules} firewall rules, ${result.nftTables} nftables tables`,
        );
        return undefined;
      }),
    );
}
