import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { DELIVERY_LOG_NAME } from '../../../common/control/protocol.js';
import type { RuntimeContext } from '../../../lab/docker/context.js';
import type { LabClient } from '../../../lab/docker/lab-client.js';
import { nodeRunDir } from '../../../lab/docker/names.js';
import type { Topology } from '../../../lab/topology/model.js';
import { readDeliveryLogs } from '../../../node-agent/check/read-log.js';
import type { DeliveryRecord } from '../../../node-agent/group-types/delivery-record.js';

/** The bench's lab: one LAN of nine hosts, no router (the bridge floods every group to every port). */
export const LAB = 'bench-group';
export const NETWORK = 'lan';
export const HOSTS = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'];

export const topology: Topology = {
  name: LAB,
  defaults: {
    igmpVersion: 3,
    pim: 'none',
    sptThreshold: 'immediate',
    profile: 'fast',
    snooping: false,
    subnetPool: '10.101.0.0/16',
  },
  networks: [{ name: NETWORK }],
  routers: [],
  hosts: HOSTS.map((name) => ({ name, network: NETWORK })),
};

/** Bytes every node has put on the wire so far (kernel interface counters). */
export async function wireBytes(lab: LabClient): Promise<number> {
  const totals = await Promise.all(
    HOSTS.map(async (node) => {
      const { stdout } = await lab.exec(node, ['ip', '-j', '-s', 'link', 'show']);
      return (JSON.parse(stdout) as { ifname: string; stats64: { tx: { bytes: number } } }[])
        .filter((link) => link.ifname !== 'lo')
        .reduce((sum, link) => sum + link.stats64.tx.bytes, 0);
    }),
  );
  return totals.reduce((a, b) => a + b, 0);
}

/** CPU seconds the nine agents have used so far. */
export async function agentCpuSeconds(lab: LabClient): Promise<number> {
  const usages = await Promise.all(
    HOSTS.map((node) => lab.agent<{ cpu: { user: number; system: number } }>(node, 'stats')),
  );
  return usages.reduce((sum, { cpu }) => sum + (cpu.user + cpu.system) / 1e6, 0);
}

const logPath = (ctx: RuntimeContext, node: string) => join(nodeRunDir(ctx, LAB, node), DELIVERY_LOG_NAME);

/** Empties the delivery logs (the agents append, so they go on writing from the start). */
export async function clearDeliveryLogs(ctx: RuntimeContext): Promise<void> {
  await Promise.all(HOSTS.map((node) => truncate(logPath(ctx, node)).catch(() => {})));
}

export async function deliveryLogs(ctx: RuntimeContext): Promise<Record<string, DeliveryRecord[]>> {
  const { logs, errors } = await readDeliveryLogs(
    Object.fromEntries(HOSTS.map((node) => [node, logPath(ctx, node)])),
  );
  if (errors.length > 0) throw new Error(`unreadable delivery logs: ${errors.slice(0, 5).join('; ')}`);
  return logs;
}
