import type { JoinPrune } from '../../wire/pim/message.js';
import { sameNeighbor } from './context.js';
import type { GroupState } from './group-state.js';
import type { GroupTable } from './group-table.js';
import { groupSetEntries, type JoinPruneEntry } from './messages.js';
import type { UpstreamNeighbor } from './upstream.js';

/**
 * A Join/Prune to another router, heard on `vif` (§4.5.6, §4.5.7, §4.5.9): a Join to my RPF'(X)
 * suppresses mine, a Prune there calls for an override. A Prune(S,G,rpt) on my RP tree makes (S,G)
 * state, so that I override it when I still want S from the RP tree.
 */
export function joinPruneOverheard(groups: GroupTable, vif: number, message: JoinPrune): void {
  const to = { vif, address: message.upstreamNeighbor };
  for (const entries of groupSetEntries(message)) {
    const first = entries[0];
    const group = first && groups.get(first.group);
    if (!group) continue;
    group.update(() => {
      for (const entry of entries) overheard(group, to, entry);
    });
  }
}

function overheard(group: GroupState, to: UpstreamNeighbor, { kind, address, list }: JoinPruneEntry): void {
  const onRpt = sameNeighbor(group.rpfPrime(), to);
  if (kind === '(*,G)') {
    if (address !== group.rp) return;
    if (list === 'joins') {
      if (onRpt) group.upstream.handle("See Join(X) to RPF'(X)");
      return;
    }
    if (onRpt) group.upstream.handle("See Prune to RPF'(X)");
    for (const source of group.sources.values())
      if (sameNeighbor(source.rpfPrime(), to)) source.upstream.handle("See Prune to RPF'(X)");
    return;
  }
  const makes = kind === '(S,G,rpt)' && list === 'prunes' && onRpt && group.upstream.state === 'Joined';
  const source = makes ? group.sourceState(address) : group.source(address);
  if (!source) return;
  const onSpt = sameNeighbor(source.rpfPrime(), to);
  if (list === 'joins') {
    if (kind === '(S,G)' && onSpt) source.upstream.handle("See Join(X) to RPF'(X)");
    if (kind === '(S,G,rpt)' && onRpt) source.rptUpstream.handle("See Join(S,G,rpt) to RPF'(S,G,rpt)");
    return;
  }
  if (onSpt) source.upstream.handle("See Prune to RPF'(X)");
  if (!onRpt) return;
  if (kind === '(S,G)') source.rptUpstream.handle("See Prune(S,G) to RPF'(S,G,rpt)");
  else {
    // A new entry learns whether it wants S from the RP tree before it hears the Prune.
    source.evaluate();
    source.rptUpstream.handle("See Prune(S,G,rpt) to RPF'(S,G,rpt)");
  }
}
