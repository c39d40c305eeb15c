import type { TrafficCounters } from '../../node-agent/best-effort/traffic-counters.js';
import type { Ordering, Reliability, TransportKind } from '../../node-agent/group-types/options.js';
import type { GroupStats } from '../../node-agent/group-types/stats.js';

/** How a host joins a group of the group-communication protocols (`join_group`); every key optional. */
export interface GroupChoice {
  transport?: TransportKind;
  reliability?: Reliability;
  ordering?: Ordering;
  /** Reject (and count) messages from senders that have not joined. */
  closed?: boolean;
  /** Views, virtual synchrony and crash recovery. */
  atomic?: boolean;
  /** Atomic groups: deliver a message only once every member has it. */
  uniform?: boolean;
  partitionMode?: 'merge' | 'primary';
}

/** How much to send: `count` messages, or for `seconds`, at `rate` per second (0: as fast as allowed). */
export interface Sending {
  count?: number;
  seconds?: number;
  /** Bytes per message. */
  size?: number;
  rate?: number;
}

export interface AgentStatus {
  node: string;
  lab: string;
  kind: 'host';
  interfaces: { network: string; address: string; prefixLength: number }[];
  uptimeMs: number;
  joined: string[];
}

export interface AgentStats {
  node: string;
  cpu: { user: number; system: number };
  /** Plain groups (`join`/`send`) and group-communication groups (`join_group`), by address. */
  groups: Record<string, TrafficCounters | GroupStats>;
}

export interface Membership {
  group: string;
  self: string;
  members: string[];
  [key: string]: unknown;
}

/** The host agent's control verbs as typed calls; every one is also reachable through `call`. */
export interface AgentCalls {
  ping(): Promise<'pong'>;
  status(): Promise<AgentStatus>;
  stats(): Promise<AgentStats>;
  /** One group's counters (plain or group communication), undefined when the host never used it. */
  groupStats(group: string): Promise<GroupStats | undefined>;
  /** Plain IP multicast: the socket joins the group (IGMP report), counting what arrives. */
  join(group: string): Promise<{ joined: string }>;
  leave(group: string): Promise<{ left: string }>;
  /** Plain UDP datagrams to the group, numbered, best effort. */
  send(group: string, sending?: Sending & { ttl?: number }): Promise<{ sent: number; durationMs: number }>;
  joinGroup(group: string, choice?: GroupChoice): Promise<{ joined: string } & GroupChoice>;
  leaveGroup(group: string): Promise<{ left: string }>;
  sendToGroup(group: string, sending?: Sending & GroupChoice): Promise<{ sent: number; durationMs: number }>;
  queryMembership(group: string): Promise<Membership>;
  flushGroup(group: string): Promise<{ flushed: string; durationMs: number }>;
  /** Any verb by name, for what has no typed call. */
  call<T = unknown>(verb: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

type Call = <T>(verb: string, args?: Record<string, unknown>, timeoutMs?: number) => Promise<T>;

/** Sending may take as long as asked for: the call waits that long plus a margin. */
const sendingTimeout = (sending: Sending) =>
  sending.seconds !== undefined ? sending.seconds * 1000 + 30_000 : 120_000;

export function agentCalls(call: Call): AgentCalls {
  return {
    ping: () => call('ping'),
    status: () => call('status'),
    stats: () => call('stats'),
    groupStats: async (group) => (await call<AgentStats>('stats')).groups[group] as GroupStats | undefined,
    join: (group) => call('join', { group }),
    leave: (group) => call('leave', { group }),
    send: (group, sending = {}) => call('send', { group, ...sending }, sendingTimeout(sending)),
    joinGroup: (group, choice = {}) => call('join_group', { group, ...choice }),
    leaveGroup: (group) => call('leave_group', { group }),
    sendToGroup: (group, sending = {}) =>
      call('send_to_group', { group, ...sending }, sendingTimeout(sending)),
    queryMembership: (group) => call('query_membership', { group }),
    flushGroup: (group) => call('flush_group', { group }),
    call,
  };
}
