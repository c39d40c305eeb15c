import { readFile } from 'node:fs/promises';
import { controlRequest } from '../../common/control/client.js';
import { FORWARDING_PLANES, type ForwardingPlaneKind } from '../../common/node-config.js';
import type { RuntimeContext } from './context.js';
import { throwUnknownLab } from './labs.js';
import { controlSocketPath, LABEL_KIND, LABEL_LAB, LABEL_NETWORK, LABEL_NODE } from './names.js';
import { type NetnsRoute, readAddresses, readRoutes } from './netns.js';

export interface InspectedNetwork {
  name: string;
  subnet: string;
  bridge: string;
  snooping: boolean;
  dockerNetwork: string;
}

/**
 * The plane a router forwards multicast through, as its router-sim says (`status`): `none` when it runs
 * no multicast routing (`multicast: none`), `unknown` when it does not answer (stopped, crashed, busy).
 */
export type RouterForwarding = ForwardingPlaneKind | 'none' | 'unknown';

export interface InspectedNode {
  name: string;
  kind: 'router' | 'host';
  container: string;
  state: string;
  /** Routers only. */
  forwarding?: RouterForwarding;
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
  const nodes = await Promise.all(containerList.map((c) => inspectNode(ctx, lab, c.Id, byDockerName)));
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
  lab: string,
  id: string,
  networkNames: Map<string, string>,
): Promise<InspectedNode> {
  const info = await ctx.docker.getContainer(id).inspect();
  const running = info.State.Running;
  const name = info.Config.Labels[LABEL_NODE] ?? info.Name;
  const kind = info.Config.Labels[LABEL_KIND] === 'router' ? 'router' : 'host';
  const [live, forwarding] = await Promise.all([
    running ? readAddresses(info.State.Pid) : [],
    kind === 'router' && running ? readForwarding(controlSocketPath(ctx, lab, name)) : ('unknown' as const),
  ]);
  const interfaces = Object.entries(info.NetworkSettings.Networks).map(([dockerName, endpoint]) => ({
    name: live.find((a) => a.address === endpoint.IPAddress)?.ifname ?? '',
    network: networkNames.get(dockerName) ?? dockerName,
    address: endpoint.IPAddress,
  }));
  return {
    name,
    kind,
    container: info.Name.replace(/^\//, ''),
    state: info.State.Status,
    ...(kind === 'router' ? { forwarding } : {}),
    interfaces: interfaces.sort((a, b) => a.name.localeCompare(b.name)),
    routes: running ? await readRoutes(info.State.Pid) : [],
  };
}

async function readSnooping(bridge: string): Promise<boolean> {
  const value = await readFile(`/sys/class/net/${bridge}/bridge/multicast_snooping`, 'utf8').catch(() => '1');
  return value.trim() === '1';
}

/** A router that does not answer within this is shown as `unknown` rather than holding up inspect. */
const STATUS_TIMEOUT_MS = 2_000;

/** The plane a router forwards through, asked live on its control socket; never throws. */
export async function readForwarding(
  controlSocket: string,
  timeoutMs = STATUS_TIMEOUT_MS,
): Promise<RouterForwarding> {
  try {
    return forwardingOf(await controlRequest(controlSocket, 'status', {}, timeoutMs));
  } catch {
    return 'unknown';
  }
}

/** Reads `forwardingPlane` from a router's `status` answer: a plane, null (no multicast routing), or absent. */
export function forwardingOf(status: unknown): RouterForwarding {
  const plane =
    typeof status === 'object' && status !== null && 'forwardingPlane' in status
      ? status.forwardingPlane
      : undefined;
  if (plane === null) return 'none';
  return FORWARDING_PLANES.find((known) => known === plane) ?? 'unknown';
}
