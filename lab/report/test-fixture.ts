import type { LabPlan, PlannedInterface, PlannedNode } from '../topology/plan.js';

/** Plans for the report tests. */

export function node(name: string, kind: PlannedNode['kind'], interfaces: PlannedInterface[]): PlannedNode {
  return {
    name,
    kind,
    interfaces,
    routes: [],
    igmpVersion: 3,
    multicastRouting: kind === 'router',
    forwarding: 'auto',
    daemon: true,
    program: {},
  };
}

export function iface(network: string, address: string): PlannedInterface {
  return { network, address, prefixLength: 24 };
}

/** A small campus lab: a core network, two routers, two LANs with two hosts each. */
export const campusPlan: LabPlan = {
  name: 'campus',
  pim: 'sparse',
  rps: [{ router: 'r1', address: '10.100.0.1', groups: '224.0.0.0/4' }],
  sptThreshold: 'immediate',
  profile: 'fast',
  networks: [
    {
      name: 'core',
      subnet: '10.100.0.0/24',
      gateway: '10.100.0.1',
      bridge: 'ml-campus-core',
      snooping: true,
    },
    {
      name: 'lan1',
      subnet: '10.100.1.0/24',
      gateway: '10.100.1.1',
      bridge: 'ml-campus-lan1',
      snooping: true,
    },
    {
      name: 'lan2',
      subnet: '10.100.2.0/24',
      gateway: '10.100.2.1',
      bridge: 'ml-campus-lan2',
      snooping: true,
    },
  ],
  nodes: [
    node('r1', 'router', [iface('core', '10.100.0.2'), iface('lan1', '10.100.1.2')]),
    node('r2', 'router', [iface('core', '10.100.0.3'), iface('lan2', '10.100.2.2')]),
    node('h1', 'host', [iface('lan1', '10.100.1.10')]),
    node('h2', 'host', [iface('lan1', '10.100.1.11')]),
    node('h3', 'host', [iface('lan2', '10.100.2.10')]),
    node('h4', 'host', [iface('lan2', '10.100.2.11')]),
  ],
};

/** The plan with networks and nodes renamed, interfaces following their networks. */
export function renamed(plan: LabPlan, names: Record<string, string>): LabPlan {
  const rename = (name: string): string => names[name] ?? name;
  return {
    ...plan,
    name: rename(plan.name),
    networks: plan.networks.map((network) => ({ ...network, name: rename(network.name) })),
    nodes: plan.nodes.map((node) => ({
      ...node,
      name: rename(node.name),
      interfaces: node.interfaces.map((iface) => ({ ...iface, network: rename(iface.network) })),
    })),
  };
}
