import type { LabPlan } from '../topology/plan.js';
import type { Workload } from '../workload/model.js';
import { networkHops } from './trees.js';

/**
 * The data packets the same deliveries would put on the networks as unicast: each source sends every
 * member its own copy while both are active, and each copy crosses every network on the way (router
 * hops + 1). Multicast carries one copy per network however many members are behind it.
 */
export function unicastFanOutPackets(plan: LabPlan, workload: Workload): number {
  const networkOf = new Map(plan.nodes.map((n) => [n.name, n.interfaces[0]?.network ?? '']));
  let packets = 0;
  for (const source of workload.sources) {
    const hopsTo = networkHops(plan, networkOf.get(source.host) ?? '');
    for (const member of workload.members) {
      if (member.group !== source.group || member.host === source.host) continue;
      const hops = hopsTo(networkOf.get(member.host) ?? '');
      const seconds =
        Math.min(source.stop, member.leave ?? workload.duration) - Math.max(source.start, member.join);
      if (hops !== undefined && seconds > 0) packets += Math.round(seconds * source.rate) * (hops + 1);
    }
  }
  return packets;
}
