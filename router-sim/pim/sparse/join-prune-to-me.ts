import type { JoinPrune } from '../../wire/pim/message.js';
import type { GroupTable } from './group-table.js';
import { groupSetEntries } from './messages.js';

/**
 * A Join/Prune naming me, heard on `vif` (§4.5.2–§4.5.4): each group set read in order — (*,G), then
 * (S,G,rpt), then (S,G) — then End of Message for its (S,G,rpt) machines. A (*,G) entry for another
 * RP than RP(G) is ignored.
 */
export function joinPruneToMe(groups: GroupTable, vif: number, message: JoinPrune): void {
  const holdtime = message.holdtime * 1000;
  for (const entries of groupSetEntries(message)) {
    const first = entries[0];
    if (!first) continue;
    const group = groups.made(first.group);
    group.update(() => {
      for (const { kind, address, list } of entries) {
        if (kind === '(*,G)') {
          if (address !== group.rp) continue;
          if (list === 'prunes') group.downstreamOn(vif).handle('Receive Prune(X)');
          else {
            group.downstreamOn(vif).handle('Receive Join(X)', holdtime);
            for (const source of group.sources.values())
              source.rptDownstreamIf(vif)?.handle('Receive Join(*,G)');
          }
        } else if (kind === '(S,G,rpt)') {
          if (list === 'prunes')
            group.sourceState(address).rptDownstreamOn(vif).handle('Receive Prune(S,G,rpt)', holdtime);
          else group.source(address)?.rptDownstreamIf(vif)?.handle('Receive Join(S,G,rpt)');
        } else if (list === 'joins')
          group.sourceState(address).downstreamOn(vif).handle('Receive Join(X)', holdtime);
        else group.source(address)?.downstreamOn(vif).handle('Receive Prune(X)');
      }
      for (const source of group.sources.values()) source.rptDownstreamIf(vif)?.handle('End of Message');
    });
  }
}
