import type { MrouteCounters } from '../../fib/forwarding-plane.js';
import type { GroupTable } from './group-table.js';

/**
 * The plane's counters, read at `now`: packets on an entry's iif are data from S (§4.2); an entry
 * that saw no packet at all for a Keepalive_Period goes, unless the Keepalive Timer still runs.
 */
export function dataSeen(
  groups: GroupTable,
  routes: MrouteCounters[],
  now: number,
  keepalivePeriod: number,
): void {
  for (const route of routes) {
    const source = groups.source(route.group, route.source);
    if (!source?.routed) continue;
    const before = source.counted;
    const packets = route.packets >= before.packets ? route.packets - before.packets : route.packets;
    const wrongIf = route.wrongIf >= before.wrongIf ? route.wrongIf - before.wrongIf : route.wrongIf;
    source.counted = { packets: route.packets, wrongIf: route.wrongIf };
    if (packets > 0) source.dataArrived(route.iif, packets);
    else if (wrongIf > 0) source.lastActivity = now;
  }
  for (const group of [...groups.values()])
    for (const source of [...group.sources.values()])
      if (source.routed && !source.keepaliveRunning && now - source.lastActivity >= keepalivePeriod)
        group.update(() => source.unroute());
}
