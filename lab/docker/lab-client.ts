import { controlRequest } from '../../common/control/client.js';
import type { RuntimeContext } from './context.js';
import { daemonSocket, findNode } from './find-node.js';
import { type InspectedNode, inspectLab, type LabInspection } from './inspect.js';
import { inNetns } from './netns.js';

/** A running lab as code drives it: its layout, its nodes' control sockets and network namespaces. */
export interface LabClient {
  name: string;
  inspection: LabInspection;
  node(name: string): InspectedNode;
  /** The node's first interface address. */
  address(node: string): string;
  /** A control verb of the node's daemon; a node without one (agent: off, daemon: none) fails saying so. */
  agent<T = unknown>(
    node: string,
    verb: string,
    args?: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<T>;
  exec(node: string, argv: string[]): ReturnType<typeof inNetns>;
}

export async function connectLab(ctx: RuntimeContext, name: string): Promise<LabClient> {
  const inspection = await inspectLab(ctx, name);
  const node = (nodeName: string) => {
    const found = inspection.nodes.find((n) => n.name === nodeName);
    if (!found) throw new Error(`lab ${name} has no node ${nodeName}`);
    return found;
  };
  // A node's control socket stays where it is: look it up once, so that polling stays cheap.
  const sockets = new Map<string, Promise<string>>();
  const socketOf = (nodeName: string) => {
    const known = sockets.get(nodeName) ?? daemonSocket(ctx, nodeName, name);
    sockets.set(nodeName, known);
    return known;
  };
  return {
    name,
    inspection,
    node,
    address: (nodeName) => node(nodeName).interfaces[0]?.address ?? '',
    agent: async (nodeName, verb, args = {}, timeoutMs) =>
      (await controlRequest(await socketOf(nodeName), verb, args, timeoutMs)) as never,
    exec: async (nodeName, argv) => inNetns((await findNode(ctx, nodeName, name)).pid, argv),
  };
}
