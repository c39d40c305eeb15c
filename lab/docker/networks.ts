import { writeFile } from 'node:fs/promises';
import type { PlannedNetwork } from '../topology/plan.js';
import type { RuntimeContext } from './context.js';
import { acceptBridged } from './firewall.js';
import { dockerNetworkName, LABEL_LAB, LABEL_NETWORK } from './names.js';

/** One internal bridge network per subnet, with a predictable bridge name, its snooping mode and firewall rule. */
export async function createLabNetwork(
  ctx: RuntimeContext,
  lab: string,
  network: PlannedNetwork,
): Promise<void> {
  await ctx.docker.createNetwork({
    Name: dockerNetworkName(lab, network.name),
    Driver: 'bridge',
    Internal: true,
    CheckDuplicate: true,
    Labels: { [LABEL_LAB]: lab, [LABEL_NETWORK]: network.name },
    IPAM: { Driver: 'default', Config: [{ Subnet: network.subnet, Gateway: network.gateway }] },
    Options: { 'com.docker.network.bridge.name': network.bridge },
  });
  await setSnooping(network.bridge, network.snooping);
  await acceptBridged(lab, network.bridge);
}

/** Linux bridges snoop IGMP by default; labs choose per network (off = flood every group to every port). */
export async function setSnooping(bridge: string, on: boolean): Promise<void> {
  await writeFile(`/sys/class/net/${bridge}/bridge/multicast_snooping`, on ? '1' : '0');
}

/** Subnets already used by Docker networks on this engine: automatic allocation avoids them. */
export async function takenSubnets(ctx: RuntimeContext, exceptLab?: string): Promise<string[]> {
  const networks = await ctx.docker.listNetworks();
  return networks
    .filter((n) => exceptLab === undefined || n.Labels?.[LABEL_LAB] !== exceptLab)
    .flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet))
    .filter((s): s is string => typeof s === 'string' && s.includes('.'));
}
