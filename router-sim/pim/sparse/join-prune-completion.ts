import { sameNeighbor } from './context.js';
import type { GroupTable } from './group-table.js';
import type { JoinPruneEntry } from './messages.js';
import type { UpstreamNeighbor } from './upstream.js';

/**
 * What a Join/Prune to `to` carries besides `entries` (§4.5.8, §4.9.5.1): with each Join(*,G), the
 * Prune(S,G,rpt) of every source pruned off G's RP tree; and the periodic Joins of other entries
 * towards the same neighbor that are due within half a period.
 */
export function completeJoinPrune(
  groups: GroupTable,
  to: UpstreamNeighbor,
  entries: readonly JoinPruneEntry[],
): JoinPruneEntry[] {
  const extra: JoinPruneEntry[] = [];
  const joinsOfWildcard = new Set(
    entries.filter((e) => e.kind === '(*,G)' && e.list === 'joins').map((e) => e.group),
  );
  for (const group of groups.values()) {
    const rp = group.rp;
    if (rp !== undefined && sameNeighbor(group.rpfPrime(), to) && group.upstream.piggyback()) {
      extra.push({ kind: '(*,G)', group: group.group, address: rp, list: 'joins' });
      joinsOfWildcard.add(group.group);
    }
    for (const source of group.sources.values()) {
      if (sameNeighbor(source.rpfPrime(), to) && source.upstream.piggyback())
        extra.push({ kind: '(S,G)', group: group.group, address: source.source, list: 'joins' });
      if (joinsOfWildcard.has(group.group) && source.rptUpstream.state === 'Pruned')
        extra.push({ kind: '(S,G,rpt)', group: group.group, address: source.source, list: 'prunes' });
    }
  }
  return extra;
}
