import { readFile } from 'node:fs/promises';
import { pollUntil } from '../../../common/poll.js';
import type { Lab } from './labs.js';

/** The counters the bench reads off a lab: what the agents received, interface, UDP and bridge port counters. */

type AgentStats = { groups: Record<string, { received: number }> };

/** What a node's agent has received, by group. */
export const receivedAll = async (lab: Lab, node: string) =>
  (await lab.client.agent<AgentStats>(node, 'stats')).groups;

/** What a node's agent has received of one group. */
export const received = async (lab: Lab, node: string, group: string) =>
  (await receivedAll(lab, node))[group]?.received ?? 0;

/** A counter once it stops moving (two probes in a row agree), or at `target`. */
export async function settled(
  probe: () => Promise<number>,
  {
    what,
    target = Number.POSITIVE_INFINITY,
    timeoutMs,
  }: { what: string; target?: number; timeoutMs: number },
): Promise<number> {
  let last = Number.NaN;
  return pollUntil(
    probe,
    (value) => {
      const still = value === last;
      last = value;
      return value >= target || still;
    },
    { what, timeoutMs, intervalMs: 200 },
  );
}

/** An interface's packet counters in a node's namespace. */
export async function linkPackets(lab: Lab, node: string, device: string) {
  const [link] = JSON.parse(await lab.netns(node, ['ip', '-j', '-s', 'link', 'show', 'dev', device])) as {
    stats64: { rx: { packets: number }; tx: { packets: number } };
  }[];
  return { rx: link?.stats64.rx.packets ?? 0, tx: link?.stats64.tx.packets ?? 0 };
}

/** The UDP counters of a node's namespace (/proc/net/snmp), by name. */
export async function udpCounters(lab: Lab, node: string): Promise<Record<string, number>> {
  const lines = (await lab.netns(node, ['cat', '/proc/net/snmp']))
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/).slice(1) ?? [];
  const values = lines[1]?.split(/\s+/).slice(1).map(Number) ?? [];
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? 0]));
}

/** Hosts that should get none of the bench's traffic, but would from a flooding bridge. */
const BYSTANDERS = [
  { node: 'h2', network: 'lan1' },
  { node: 'h3', network: 'lan2' },
  { node: 'h4', network: 'lan2' },
];

/** Packets the bridges have sent to the bystanders of a receiver (their host ports' tx counters). */
export async function bystanderPackets(lab: Lab, receiver: string): Promise<number> {
  let total = 0;
  for (const { node, network } of BYSTANDERS) {
    if (node === receiver) continue;
    const port = await lab.hostPort(node, network);
    total += Number(await readFile(`/sys/class/net/${port}/statistics/tx_packets`, 'utf8'));
  }
  return total;
}
