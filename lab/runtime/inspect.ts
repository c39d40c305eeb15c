import { readFile } from 'node:fs/promises';
import type { RuntimeContext } from './context.js';
import { throwUnknownLab } from './labs.js';
import { LABEL_KIND, LABEL_LAB, LABEL_NETWORK, LABEL_NODE } from './names.js';
import { type NetnsRoute, readAddresses, readRoutes } from './netns.js';

export interface InspectedNetwork {
  name: string;
  subnet: string;
  bridge: string;
  snooping: boolean;
  dockerNetwork: string;
}

export interface InspectedNode {
  name: string;
  kind: 'router' | 'host';
  container: string;
  state: string;
  interfaces: { name: string; network: string; address: string }[];
  routes: NetnsRoute[];
}

export interface LabInspection {
  lab: string;
  networks: InspectedNetwork[];
  nodes: InspectedNode[];
}

/** The lab as it runs now, read from Docker (by label) and from each node's network namespace. */
export async function inspectLab(ctx: RuntimeContext, lab: string): Promise<LabInspection> {
  const filters = { label: [`${LABEL_LAB}=${lab}`] };
  const [networks, containerList] = await Promise.all([
    labNetworks(ctx, lab),
    ctx.docker.listContainers({ all: true, filters }),
  ]);
  if (networks.length === 0 && containerList.length === 0) await throwUnknownLab(ctx, lab);
  const byDockerName = new Map(networks.map((n) => [n.dockerNetwork, n.name]));
  const nodes = await Promise.all(containerList.map((c) => inspectNode(ctx, c.Id, byDockerName)));
  return {
    lab,
    networks,
    nodes: nodes.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The lab's networks with their bridges, by name. */
export async function labNetworks(ctx: RuntimeContext, lab: string): Promise<InspectedNetwork[]> {
  const networkList = await ctx.docker.listNetworks({ filters: { label: [`${LABEL_LAB}=${lab}`] } });
  const networks = await Promise.all(
    networkList.map(async (n): Promise<InspectedNetwork> => {
      const bridge = n.Options?.['com.docker.network.bridge.name'] ?? '';
      return {
        name: n.Labels?.[LABEL_NETWORK] ?? n.Name,
        subnet: n.IPAM?.Config?.[0]?.Subnet ?? '',
        bridge,
        snooping: await readSnooping(bridge),
        dockerNetwork: n.Name,
      };
    }),
  );
  return networks.sort((a, b) => a.name.localeCompare(b.name));
}

async function inspectNode(
  ctx: RuntimeContext,
  id: string,
  networkNames: Map<string, string>,
): Promise<InspectedNode> {
  const info = await ctx.docker.getContainer(id).inspect();
  const running = info.State.Running;
  const live = running ? await readAddresses(info.State.Pid) : [];
  const interfaces = Object.entries(info.NetworkSettings.Networks).map(([dockerName, endpoint]) => ({
    name: live.find((a) => a.address === endpoint.IPAddress)?.ifname ?? '',
    network: networkNames.get(dockerName) ?? dockerName,
    address: endpoint.IPAddress,
  }));
  return {
    name: info.Config.Labels[LABEL_NODE] ?? info.Name,
    kind: info.Config.Labels[LABEL_KIND] === 'router' ? 'router' : 'host',
    container: info.Name.replace(/^\//, ''),
    state: info.State.Status,
    interfaces: interfaces.sort((a, b) => a.name.localeCompare(b.name)),
    routes: running ? await readRoutes(info.State.Pid) : [],
  };
}

async function readSnooping(bridge: string): Promise<boolean> {
  const value = await readFile(`/sys/class/net/${bridge}/bridge/multicast_snooping`, 'utf8').catch(() => '1');
  return value.trim() === '1';
}
