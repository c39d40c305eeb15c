import type { Register, RegisterStop } from '../../wire/pim/message.js';
import type { SparsePort } from './context.js';
import type { GroupTable } from './group-table.js';
import { packetSourceGroup, registerStop } from './messages.js';

/**
 * A Register from `from` to my address `to` (§4.4.2): at RP(G), the RP's side of the protocol (the
 * kernel decapsulated the packet); anywhere else a Register-Stop, as for a DR whose RP is not this
 * router.
 */
export function registerReceived(
  groups: GroupTable,
  port: SparsePort,
  message: Register,
  from: string,
  to: string,
): void {
  const sg = packetSourceGroup(message.packet);
  if (!sg) return;
  if (groups.rp(sg.group) !== to) {
    port.unicast(registerStop(sg.source, sg.group), to, from);
    return;
  }
  groups.made(sg.group).sourceState(sg.source).registerReceived(from, to);
}

/** A Register-Stop for one source, or for every source of the group (source 0.0.0.0). */
export function registerStopReceived(groups: GroupTable, message: RegisterStop): void {
  const group = groups.get(message.group);
  if (!group) return;
  group.update(() => {
    for (const source of group.sources.values())
      if (message.source === '0.0.0.0' || source.source === message.source)
        source.register.handle('Receive Register-Stop');
  });
}
