import type { LabInspection } from '../docker/inspect.js';
import { table } from '../report/table.js';

/** A lab as aligned text: networks, then nodes with their forwarding plane, interfaces and routes. */
export function describeLab(lab: LabInspection): string {
  const rows: string[][] = [['NETWORK', 'SUBNET', 'BRIDGE', 'SNOOPING']];
  for (const n of lab.networks) rows.push([n.name, n.subnet, n.bridge, n.snooping ? 'on' : 'off']);
  const nodeRows: string[][] = [['NODE', 'KIND', 'STATE', 'FORWARDING', 'INTERFACES', 'ROUTES']];
  for (const node of lab.nodes) {
    const interfaces = node.interfaces.map((i) => `${i.name}:${i.network}=${i.address}`).join(' ');
    const routes = node.routes
      .filter((r) => r.via)
      .map((r) => `${r.destination}→${r.via}`)
      .join(' ');
    // Routers: the kernel forwarding plane their router-sim drives.
    const forwarding = node.kind === 'router' ? (node.forwarding ?? 'unknown') : '-';
    nodeRows.push([node.name, node.kind, node.state, forwarding, interfaces, routes || '-']);
  }
  return `lab ${lab.lab}\n\n${table(rows)}\n\n${table(nodeRows)}`;
}
