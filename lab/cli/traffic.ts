import { type LinkCounter, readLinkCounters, TRAFFIC_CLASSES } from '../docker/link-accounting.js';
import { table } from '../report/table.js';
import type { LabCommand } from './lab-command.js';

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

export function trafficCommand(program: LabCommand): void {
  program
    .command('traffic')
    .description(
      "packets and bytes on each network by class (multicast data, IGMP, PIM by type), counted by the lab's bridges",
    )
    .labOption()
    .jsonOption()
    .run(async ({ resolveLab, emit }) => {
      const lab = await resolveLab();
      const counters = await readLinkCounters(lab);
      emit({ lab, counters }, () => trafficTable(counters));
    });
}
