import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { resolveLab } from '../docker/find-node.js';
import { type LinkCounter, readLinkCounters, TRAFFIC_CLASSES } from '../docker/link-accounting.js';
import { table } from '../report/table.js';
import { emit, runCommand } from './output.js';

/** One row per network, one column per traffic class that saw anything: packets (bytes). */
function trafficTable(all: LinkCounter[]): string {
  const counters = all.filter((c) => c.group === undefined);
  const networks = [...new Set(counters.map((c) => c.network))].sort();
  const classes = TRAFFIC_CLASSES.filter((kind) => counters.some((c) => c.class === kind && c.packets > 0));
  const cell = (network: string, kind: string) => {
    const c = counters.find((x) => x.network === network && x.class === kind);
    return c && c.packets > 0 ? `${c.packets} (${c.bytes} B)` : '0';
  };
  return table([
    ['NETWORK', ...classes.map((c) => c.toUpperCase())],
    ...networks.map((network) => [network, ...classes.map((kind) => cell(network, kind))]),
  ]);
}

export function trafficCommand(program: Command): void {
  program
    .command('traffic')
    .description(
      "packets and bytes on each network by class (multicast data, IGMP, PIM by type), counted by the lab's bridges",
    )
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((opts: { lab?: string; json?: boolean }) =>
      runCommand(Boolean(opts.json), async () => {
        const lab = await resolveLab(createRuntime(), opts.lab);
        const counters = await readLinkCounters(lab);
        emit(Boolean(opts.json), { lab, counters }, () => trafficTable(counters));
        return undefined;
      }),
    );
}
