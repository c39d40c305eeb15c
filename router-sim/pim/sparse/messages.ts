import { readIpv4Address } from '../../wire/ipv4/address.js';
import type { EncodedSource, GroupSet, JoinPrune, Register, RegisterStop } from '../../wire/pim/message.js';
import { nullRegisterHeader } from '../../wire/pim/register.js';

/**
 * The sparse mode messages (RFC 7761 §4.9). Join/Prune entries name one of three trees by the bits of
 * their Encoded-Source (§4.9.5.1): (*,G) with S, WC and RPT set and the RP's address; (S,G,rpt) with S
 * and RPT; (S,G) with S alone. Every entry is for one host (mask length 32).
 */
export type TreeKind = '(*,G)' | '(S,G)' | '(S,G,rpt)';

/** One Join or Prune of a message: `address` is the RP for (*,G), the source otherwise. */
export interface JoinPruneEntry {
  kind: TreeKind;
  group: string;
  address: string;
  list: 'joins' | 'prunes';
}

export function encodedSource(kind: TreeKind, address: string): EncodedSource {
  return {
    address,
    maskLength: 32,
    sparse: true,
    wildcard: kind === '(*,G)',
    rpt: kind !== '(S,G)',
  };
}

export function treeKind(source: EncodedSource): TreeKind {
  if (source.wildcard) return '(*,G)';
  return source.rpt ? '(S,G,rpt)' : '(S,G)';
}

/** Receivers act on a group set's (*,G) entries first, then (S,G,rpt), then (S,G) (§4.5, §4.9.5.1). */
const ORDER: Record<TreeKind, number> = { '(*,G)': 0, '(S,G,rpt)': 1, '(S,G)': 2 };

/** A received Join/Prune's entries, group set by group set, each set in processing order. */
export function groupSetEntries(message: JoinPrune): JoinPruneEntry[][] {
  return message.groups.map((set) => {
    const entries = (['joins', 'prunes'] as const).flatMap((list) =>
      set[list].map((source) => ({
        kind: treeKind(source),
        group: set.group,
        address: source.address,
        list,
      })),
    );
    // Stable: within a kind, joins before prunes, as listed.
    return entries.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  });
}

/** At most 255 group sets fit a Join/Prune's Num Groups field (§4.9.5). */
const MAX_GROUPS = 255;

/** Join/Prune messages to `upstreamNeighbor` holding `entries`, one group set per group. */
export function joinPruneMessages(
  upstreamNeighbor: string,
  holdtimeSeconds: number,
  entries: readonly JoinPruneEntry[],
): JoinPrune[] {
  const sets = new Map<string, GroupSet>();
  for (const entry of entries) {
    let set = sets.get(entry.group);
    if (!set) {
      set = { group: entry.group, maskLength: 32, joins: [], prunes: [] };
      sets.set(entry.group, set);
    }
    set[entry.list].push(encodedSource(entry.kind, entry.address));
  }
  const groups = [...sets.values()];
  const messages: JoinPrune[] = [];
  for (let i = 0; i < groups.length; i += MAX_GROUPS)
    messages.push({
      type: 'join-prune',
      upstreamNeighbor,
      holdtime: holdtimeSeconds,
      groups: groups.slice(i, i + MAX_GROUPS),
    });
  return messages;
}

/** The (S,G) of an IPv4 packet (encapsulated in a Register): its source and destination addresses. */
export function packetSourceGroup(packet: Buffer): { source: string; group: string } | undefined {
  if (packet.length < 20) return undefined;
  return { source: readIpv4Address(packet, 12), group: readIpv4Address(packet, 16) };
}

/** A Register from the source's DR (B bit clear, §4.4.1) around a whole data packet. */
export function register(packet: Buffer): Register {
  return { type: 'register', border: false, nullRegister: false, packet };
}

/** A Null-Register (N bit): the dummy header naming S and G, probing the RP (§4.4.1). */
export function nullRegister(source: string, group: string): Register {
  return { type: 'register', border: false, nullRegister: true, packet: nullRegisterHeader(source, group) };
}

export function registerStop(source: string, group: string): RegisterStop {
  return { type: 'register-stop', source, group };
}
