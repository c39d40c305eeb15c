import type { PlannedNode } from '../topology/plan.js';
import { ipBatch } from './netns.js';

/**
 * The node's unicast routes, replacing the default route Docker gives even on internal networks
 * (it points at the host bridge, which must not carry lab traffic).
 */
export function routeCommands(node: PlannedNode): string[] {
  const hasDefault = node.routes.some((r) => r.destination === 'default');
  return [
    ...(hasDefault ? [] : ['route del default']),
    ...node.routes.map((r) => `route replace ${r.destination} via ${r.via}`),
  ];
}

export async function installRoutes(pid: number, node: PlannedNode): Promise<void> {
  await ipBatch(pid, routeCommands(node));
}
