import { ensureChain, labTable, listRules, nftScript } from './nft-table.js';

/**
 * Per-link traffic, counted by the lab's bridges independently of the routers being measured: an
 * nftables counter per network and traffic class, on the bridge's prerouting hook, so each frame put
 * on the network counts once, whoever sent it and however many ports it then reaches.
 */
const CHAIN = 'account';
const PRIORITY = -100;

/** PIM message types (RFC 7761 §4.9, RFC 3973 §4.7.1) by the class they are counted under. */
const PIM_TYPES = {
  'pim-hello': 0,
  'pim-register': 1,
  'pim-register-stop': 2,
  'pim-join-prune': 3,
  'pim-assert': 5,
  'pim-graft': 6,
  'pim-graft-ack': 7,
  'pim-state-refresh': 9,
} as const;

export type TrafficClass = 'data' | 'igmp' | keyof typeof PIM_TYPES;
export const TRAFFIC_CLASSES: TrafficClass[] = [
  'data',
  'igmp',
  ...(Object.keys(PIM_TYPES) as TrafficClass[]),
];

/** nft matches for each class; data is multicast beyond the link-local range that is neither IGMP nor PIM. */
const MATCHES: Record<TrafficClass, string> = {
  data: 'ip daddr 224.0.0.0/4 ip daddr != 224.0.0.0/24 ip protocol != { igmp, pim }',
  igmp: 'ip protocol igmp',
  ...(Object.fromEntries(
    Object.entries(PIM_TYPES).map(([name, type]) => [name, `ip protocol pim @th,4,4 ${type}`]),
  ) as Record<keyof typeof PIM_TYPES, string>),
};

export interface LinkCounter {
  network: string;
  class: TrafficClass;
  /** Data of one group only (`countGroups`); absent: the class as a whole. */
  group?: string;
  packets: number;
  bytes: number;
}

interface NetworkPorts {
  name: string;
  ports: string[];
}

const portSet = (ports: string[]) => `{ ${ports.map((p) => `"${p}"`).join(', ')} }`;
/**
 * A network without ports has nothing to count (its nodes died; the deploy reports why in its next
 * phase), and nft refuses an empty set.
 */
const withPorts = (networks: NetworkPorts[]) => networks.filter(({ ports }) => ports.length > 0);

/** Counters for every class on every network; `ports` are each network's bridge ports. */
export async function installLinkAccounting(lab: string, networks: NetworkPorts[]): Promise<void> {
  await ensureChain(lab, CHAIN, PRIORITY, 'prerouting');
  await addRules(
    lab,
    withPorts(networks).flatMap(({ name, ports }) =>
      TRAFFIC_CLASSES.map(
        (kind) => `iifname ${portSet(ports)} ${MATCHES[kind]} counter comment "${name} ${kind}"`,
      ),
    ),
  );
}

/** Data counters per group as well, for the groups a workload uses. */
export async function countGroups(lab: string, networks: NetworkPorts[], groups: string[]): Promise<void> {
  await addRules(
    lab,
    withPorts(networks).flatMap(({ name, ports }) =>
      groups.map(
        (group) => `iifname ${portSet(ports)} ip daddr ${group} counter comment "${name} data ${group}"`,
      ),
    ),
  );
}

async function addRules(lab: string, rules: string[]): Promise<void> {
  const table = labTable(lab);
  await nftScript(rules.map((rule) => `add rule bridge ${table} ${CHAIN} ${rule}`));
}

/**
 * The counters as they stand, from the rules' comments and counter values; rules with one comment (a
 * restarted node's new ports get their own) add up.
 */
export async function readLinkCounters(lab: string): Promise<LinkCounter[]> {
  const counters = new Map<string, LinkCounter>();
  for (const { comment, counter } of await listRules(lab, CHAIN)) {
    const [network, kind, group] = comment.split(' ');
    if (!network || !TRAFFIC_CLASSES.includes(kind as TrafficClass) || !counter) continue;
    const known = counters.get(comment);
    if (known) {
      known.packets += counter.packets;
      known.bytes += counter.bytes;
    } else
      counters.set(comment, {
        network,
        class: kind as TrafficClass,
        ...(group ? { group } : {}),
        ...counter,
      });
  }
  return [...counters.values()];
}

/** Counting for ports that came after deploy (a restarted node's), with the groups already counted. */
export async function countNewPorts(lab: string, networks: NetworkPorts[]): Promise<void> {
  const groups = [
    ...new Set((await readLinkCounters(lab)).flatMap((c) => (c.group === undefined ? [] : [c.group]))),
  ];
  await installLinkAccounting(lab, networks);
  if (groups.length > 0) await countGroups(lab, networks, groups);
}
