import type { MrouteEntry } from './forwarding-plane.js';

/**
 * The nftables rules of the nftables forwarding plane, as `nft -f` text. One netdev table in the
 * router's namespace; every multicast routing interface's ingress hook jumps to `classify`:
 * - IGMP not sent to a link-local group (v1/v2 reports and group-specific queries go to the group
 *   itself, which this host never joins) is readdressed to 224.0.0.2, where router-sim listens; the
 *   group is in the IGMP message, and nft fixes the IP checksum;
 * - anything but non-local multicast data passes untouched;
 * - data of an (S,G) with an entry jumps to the entry's chain (`routes`, by source and group): on its
 *   iif it is counted, its TTL lowered (one tiny chain per value: nft cannot compute `ip ttl - 1`), and
 *   it is duplicated to each oif with that interface's MAC as Ethernet source; on another interface it
 *   is counted as wrong and may be logged (WRONGVIF);
 * - data with no entry is dropped; its first few packets per (S,G, interface) are logged (NOCACHE),
 *   then one per the kernel's unresolved-entry lifetime, until an entry comes.
 * Logged packets go whole to an NFLOG group with the upcall's kind as prefix.
 */
export const TABLE = 'router-sim';
const T = `netdev ${TABLE}`;
/** How long Linux ipmr keeps an unresolved (S,G) before it raises NOCACHE again (ipmr.c: 10 s). */
export const UNRESOLVED_SECONDS = 10;
/**
 * Packets held per unresolved (S,G) while the daemon answers the upcall. Linux ipmr holds 3 or 4, but
 * a route goes in there in microseconds; here it takes an `nft` run (~10 ms), so more are held to
 * bridge that at a few hundred packets per second.
 */
export const UNRESOLVED_PACKETS = 32;
/** The first packets of an unresolved (S,G) go up to be held; then one per lifetime. */
const UNRESOLVED_RATE = `${60 / UNRESOLVED_SECONDS}/minute burst ${UNRESOLVED_PACKETS} packets`;
/** Linux ipmr raises WRONGVIF at most once per 3 s per entry (MFC_ASSERT_THRESH). */
const WRONGVIF_RATE = '20/minute burst 1 packets';

export type UpcallPrefix = 'nocache' | 'wrongvif' | 'wholepkt';

const log = (group: number, prefix: UpcallPrefix) =>
  `log prefix "${prefix}" group ${group} queue-threshold 1`;

/** The table with everything but interfaces and entries; replaces one left by an earlier run. */
export function tableRuleset(nflogGroup: number): string[] {
  const ttls = Array.from({ length: 254 }, (_, i) => i + 2);
  return [
    `add table ${T}`,
    `delete table ${T}`,
    `add table ${T}`,
    `add map ${T} routes { typeof ip saddr . ip daddr : verdict; }`,
    `add set ${T} pending { typeof ip saddr . ip daddr . meta iifname; flags dynamic,timeout; timeout ${UNRESOLVED_SECONDS}s; }`,
    ...ttls.map((ttl) => `add chain ${T} ttl_${ttl} { ip ttl set ${ttl - 1}; }`),
    `add map ${T} ttl { typeof ip ttl : verdict; elements = { ${ttls.map((ttl) => `${ttl} : jump ttl_${ttl}`).join(', ')} }; }`,
    `add chain ${T} classify`,
    `add rule ${T} classify meta protocol != ip accept`,
    `add rule ${T} classify ip protocol igmp ip daddr != 224.0.0.0/24 ip daddr set 224.0.0.2 accept`,
    `add rule ${T} classify ip daddr != 224.0.0.0/4 accept`,
    `add rule ${T} classify ip daddr 224.0.0.0/24 accept`,
    `add rule ${T} classify ip saddr . ip daddr vmap @routes`,
    `add rule ${T} classify add @pending { ip saddr . ip daddr . meta iifname limit rate ${UNRESOLVED_RATE} } ${log(nflogGroup, 'nocache')} drop`,
    `add rule ${T} classify drop`,
  ];
}

/** A multicast routing interface: its packet counters, and its ingress hook unless it is the register VIF. */
export function vifRuleset(vif: number, device: string | undefined): string[] {
  const counters = [
    `add counter ${T} ${vifCounter(vif, 'in')}`,
    `add counter ${T} ${vifCounter(vif, 'out')}`,
  ];
  if (device === undefined) return counters;
  return [
    ...counters,
    `add chain ${T} ingress_${vif} { type filter hook ingress device "${device}" priority 0; policy accept; }`,
    `add rule ${T} ingress_${vif} jump classify`,
  ];
}

export const vifCounter = (vif: number, direction: 'in' | 'out') => `vif${vif}_${direction}`;

/** The names of an entry's chain and counters: its source and group, dots made underscores. */
export function entryNames(source: string, group: string) {
  const chain = `sg_${source.replaceAll('.', '_')}__${group.replaceAll('.', '_')}`;
  return { chain, counter: chain, wrongCounter: `${chain}_wrong` };
}

/** What an entry's rules need to know of each interface. */
export interface VifDevice {
  device: string;
  mac: string;
  /** Sparse mode's register VIF: packets for it are logged whole (WHOLEPKT), never transmitted. */
  register: boolean;
}

/**
 * Adds an entry or replaces its rules, keeping its counters (as MRT_ADD_MFC does). Packets below TTL 2
 * are counted but not forwarded (the kernel's VIF TTL threshold of 1); the register VIF gets the
 * packet as it arrived.
 */
export function entryRuleset(
  entry: MrouteEntry,
  devices: ReadonlyMap<number, VifDevice>,
  options: { nflogGroup: number; wrongVifUpcalls: boolean },
): string[] {
  const { chain, counter, wrongCounter } = entryNames(entry.source, entry.group);
  const iif = devices.get(entry.iif);
  const rule = (text: string) => `add rule ${T} ${chain} ${text}`;
  // Over its rate, `limit` ends the rule before `log`: the drop must be a rule of its own.
  const wrongIf = iif && !iif.register ? `meta iifname != "${iif.device}" ` : '';
  const logWrongIf = options.wrongVifUpcalls
    ? [rule(`${wrongIf}limit rate ${WRONGVIF_RATE} ${log(options.nflogGroup, 'wrongvif')}`)]
    : [];
  const oifs = entry.oifs.flatMap((vif) => {
    const out = devices.get(vif);
    if (!out || vif === entry.iif) return [];
    return [{ vif, ...out }];
  });
  return [
    `add counter ${T} ${counter}`,
    `add counter ${T} ${wrongCounter}`,
    `add chain ${T} ${chain}`,
    `flush chain ${T} ${chain}`,
    // The register VIF is no device: nothing arrives on it here (decapsulated packets are handled
    // outside nftables), so every packet these rules see is on a wrong interface.
    ...logWrongIf,
    rule(`${wrongIf}counter name ${wrongCounter} drop`),
    rule(`counter name ${counter} counter name ${vifCounter(entry.iif, 'in')}`),
    ...oifs
      .filter((out) => out.register)
      .map((out) =>
        rule(`counter name ${vifCounter(out.vif, 'out')} ${log(options.nflogGroup, 'wholepkt')}`),
      ),
    rule('ip ttl < 2 drop'),
    rule('ip ttl vmap @ttl'),
    ...oifs
      .filter((out) => !out.register)
      .map((out) =>
        rule(`ether saddr set ${out.mac} counter name ${vifCounter(out.vif, 'out')} dup to "${out.device}"`),
      ),
    rule('drop'),
    `add element ${T} routes { ${entry.source} . ${entry.group} : jump ${chain} }`,
  ];
}

/** Removes an entry, and the NOCACHE memory of every (S,G) so that its next packet is raised again. */
export function deleteEntryRuleset(source: string, group: string): string[] {
  const { chain, counter, wrongCounter } = entryNames(source, group);
  return [
    `delete element ${T} routes { ${source} . ${group} }`,
    `delete chain ${T} ${chain}`,
    `delete counter ${T} ${counter}`,
    `delete counter ${T} ${wrongCounter}`,
    `flush set ${T} pending`,
  ];
}

export const dropTableRuleset = (): string[] => [`delete table ${T}`];
