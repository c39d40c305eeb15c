import type { VerbHandler } from '../common/control/server.js';
import type { EventInput, EventLog } from '../common/protocol-events.js';
import { type ViewRecord, viewKey } from './views/view-record.js';

/** The verbs that join or leave a group, and the event each records once it succeeded. */
const MEMBERSHIP_VERBS: Record<string, { machine: string; event: string }> = {
  join: { machine: 'socket', event: 'join' },
  leave: { machine: 'socket', event: 'leave' },
  join_group: { machine: 'group', event: 'join' },
  leave_group: { machine: 'group', event: 'leave' },
};

/** The agent's verbs, those that join or leave a group also recording it as a protocol event. */
export function withMembershipEvents(
  verbs: Record<string, VerbHandler>,
  events: EventLog,
): Record<string, VerbHandler> {
  const recorded = Object.entries(MEMBERSHIP_VERBS).flatMap(([name, { machine, event }]) => {
    const handler = verbs[name];
    if (!handler) return [];
    const wrapped: VerbHandler = async (args) => {
      const result = (await handler(args)) as { joined?: string; left?: string };
      events.record({ machine, key: result.joined ?? result.left ?? '', event });
      return result;
    };
    return [[name, wrapped] as const];
  });
  return { ...verbs, ...Object.fromEntries(recorded) };
}

/**
 * An atomic group's member installing a view, as an event: from the view it survived (none when it
 * joined), to the new view and its members in seniority order.
 */
export function viewInstalled(record: ViewRecord): EventInput {
  return {
    machine: 'group-view',
    key: record.group,
    from: record.prev ? viewKey(record.prev) : undefined,
    event: record.prev ? 'view installed' : 'joined view',
    to: `${viewKey(record)} [${record.members.join(' ')}]`,
  };
}
