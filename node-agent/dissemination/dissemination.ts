import type { GroupPort } from '../group-types/group-port.js';
import type { TransportKind } from '../group-types/options.js';
import { withRelay } from '../wire/frame.js';
import type { Envelope, MemberId } from '../wire/messages.js';

/**
 * How a group-wide message reaches the members. `members` scope is the group's traffic; `everyone`
 * (announcements: join, leave, heartbeats) also reaches configured peers that may not be members yet.
 */
export interface Dissemination {
  toAll(bytes: Buffer, scope: 'members' | 'everyone'): void;
  toOne(to: MemberId, bytes: Buffer): void;
  /** Sees every datagram received (before it is processed): a coordinator relays from here. */
  forward(bytes: Buffer, message: Envelope, from: MemberId): void;
}

export interface DisseminationSetup {
  port: GroupPort;
  self: MemberId;
  members: () => MemberId[];
  peers: readonly MemberId[];
  subgroupOf: (member: MemberId) => string;
}

export function createDissemination(kind: TransportKind, setup: DisseminationSetup): Dissemination {
  switch (kind) {
    case 'ip-multicast':
      return ipMulticast(setup);
    case 'unicast':
      return unicastFanOut(setup);
    case 'hierarchical':
      return hierarchical(setup);
  }
}

/** One datagram to the group address; the network (routers) copies it to every member. */
function ipMulticast({ port }: DisseminationSetup): Dissemination {
  return {
    toAll: (bytes) => port.multicast(bytes),
    toOne: (to, bytes) => port.unicast(to, bytes),
    forward: () => {},
  };
}

/** The sender copies: one unicast datagram per member (no multicast routing needed). */
function unicastFanOut(setup: DisseminationSetup): Dissemination {
  const { port } = setup;
  return {
    toAll: (bytes, scope) => {
      for (const to of targets(setup, scope)) port.unicast(to, bytes);
    },
    toOne: (to, bytes) => port.unicast(to, bytes),
    forward: () => {},
  };
}

/**
 * Two levels: the sender sends one copy to each subgroup's coordinator (the smallest member id in it),
 * marked for relay; the coordinator relays it to the rest of its subgroup. A sender that coordinates
 * a subgroup serves it directly. Announcements go straight to everyone (they build the membership the
 * hierarchy is computed from).
 */
function hierarchical(setup: DisseminationSetup): Dissemination {
  const { port, self, subgroupOf } = setup;
  const subgroups = () => {
    const bySubgroup = new Map<string, MemberId[]>();
    for (const m of setup.members())
      bySubgroup.set(subgroupOf(m), [...(bySubgroup.get(subgroupOf(m)) ?? []), m]);
    return bySubgroup;
  };
  return {
    toAll: (bytes, scope) => {
      if (scope === 'everyone') {
        for (const to of targets(setup, scope)) port.unicast(to, bytes);
        return;
      }
      for (const members of subgroups().values()) {
        const [coordinator] = members; // members() is sorted
        if (coordinator === undefined) continue;
        if (coordinator !== self) port.unicast(coordinator, withRelay(bytes, true));
        else for (const to of members) if (to !== self) port.unicast(to, bytes);
      }
    },
    toOne: (to, bytes) => port.unicast(to, bytes),
    forward: (bytes, message, from) => {
      if (!message.relay) return;
      const mine = subgroups().get(subgroupOf(self)) ?? [];
      const relayed = withRelay(bytes, false);
      for (const to of mine)
        if (to !== self && to !== from && to !== message.origin) port.unicast(to, relayed);
    },
  };
}

function targets({ self, members, peers }: DisseminationSetup, scope: 'members' | 'everyone'): MemberId[] {
  const all = new Set(members());
  if (scope === 'everyone') for (const p of peers) all.add(p);
  all.delete(self);
  return [...all];
}

/** Default subgroups: members spread over two by a hash of their id (the lab's edge passes subnets). */
export function hashSubgroup(member: MemberId): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < member.length; i++) h = Math.imul(h ^ member.charCodeAt(i), 0x01000193);
  return String((h >>> 0) % 2);
}
