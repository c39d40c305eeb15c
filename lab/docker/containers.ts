import type Docker from 'dockerode';
import { CONTAINER_RUN_DIR } from '../../common/control/protocol.js';
import type { LabPlan, PlannedNode } from '../topology/plan.js';
import type { RuntimeContext } from './context.js';
import type { NodeImages } from './images.js';
import { containerName, dockerNetworkName, LABEL_KIND, LABEL_LAB, LABEL_NODE, nodeRunDir } from './names.js';
import { runningPid } from './node-exit.js';
import { nodeLaunch } from './node-launch.js';

/** Kernel settings a node needs; /proc/sys is read-only inside containers, so they are set at create. */
function sysctls(node: PlannedNode): Record<string, string> {
  if (node.kind === 'router') {
    return {
      'net.ipv4.ip_forward': '1',
      'net.ipv4.conf.all.rp_filter': '0',
      'net.ipv4.conf.default.rp_filter': '0',
    };
  }
  return node.igmpVersion === 2 ? { 'net.ipv4.conf.all.force_igmp_version': '2' } : {};
}

/** The container as Docker creates it: least privilege, labels, on its first network. */
export function containerSpec(
  ctx: RuntimeContext,
  plan: LabPlan,
  node: PlannedNode,
  images: NodeImages,
): Docker.ContainerCreateOptions {
  const [first] = node.interfaces;
  if (!first) throw new Error(`node ${node.name} has no interface`);
  const firstNetwork = dockerNetworkName(plan.name, first.network);
  const runMount = `${nodeRunDir(ctx, plan.name, node.name)}:${CONTAINER_RUN_DIR}`;
  const launch = nodeLaunch(ctx, node, images);
  const env = [
    ...Object.entries(node.program.env ?? {}).map(([key, value]) => `${key}=${value}`),
    // Node.js options for the daemons (e.g. `--max-old-space-size=…`).
    ...(process.env.MCAST_LAB_NODE_OPTIONS ? [`NODE_OPTIONS=${process.env.MCAST_LAB_NODE_OPTIONS}`] : []),
  ];
  return {
    name: containerName(plan.name, node.name),
    Hostname: node.name,
    Image: launch.image,
    ...(launch.cmd ? { Cmd: launch.cmd } : {}),
    ...(env.length > 0 ? { Env: env } : {}),
    Labels: { [LABEL_LAB]: plan.name, [LABEL_NODE]: node.name, [LABEL_KIND]: node.kind },
    HostConfig: {
      Init: true,
      CapDrop: ['ALL'],
      // SETUID/SETGID: tcpdump, which reads the nftables plane's NFLOG upcalls, insists on setting its ids.
      CapAdd: node.kind === 'router' ? ['NET_ADMIN', 'NET_RAW', 'SETUID', 'SETGID'] : [],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: launch.readOnlyRoot,
      Tmpfs: { '/tmp': 'rw,size=16m' },
      Binds: [...launch.binds, runMount],
      Sysctls: sysctls(node),
      NetworkMode: firstNetwork,
    },
    NetworkingConfig: {
      EndpointsConfig: { [firstNetwork]: { IPAMConfig: { IPv4Address: first.address } } },
    },
  };
}

/**
 * Creates the container on its first network, connects the others in interface order (API 1.41 takes
 * one network at create), then starts it. Returns the container's init PID for namespace work.
 */
export async function createNodeContainer(
  ctx: RuntimeContext,
  plan: LabPlan,
  node: PlannedNode,
  images: NodeImages,
): Promise<number> {
  const container = await ctx.docker.createContainer(containerSpec(ctx, plan, node, images));
  for (const iface of node.interfaces.slice(1)) {
    await ctx.docker.getNetwork(dockerNetworkName(plan.name, iface.network)).connect({
      Container: container.id,
      EndpointConfig: { IPAMConfig: { IPv4Address: iface.address } },
    });
  }
  await container.start();
  return runningPid(container, node.name);
}
