import type { LabPlan } from '../topology/plan.js';

/** A lab as a bipartite graph: networks on one side, routers and hosts on the other. */

export interface NetworkVertex {
  /** Unique in the graph; networks and nodes have separate namespaces, so a network and a node may share a name. */
  id: string;
  kind: 'network';
  name: string;
  subnet: string;
}

export interface NodeVertex {
  id: string;
  kind: 'router' | 'host';
  name: string;
}

export type LabVertex = NetworkVertex | NodeVertex;

/** One interface: the node's attachment to a network. */
export interface LabEdge {
  /** Id of the node's vertex. */
  node: string;
  /** Id of the network's vertex. */
  network: string;
  /** The interface address, the edge's label. */
  address: string;
}

export interface LabGraph {
  /** Networks in plan order, then nodes in plan order. */
  vertices: LabVertex[];
  /** Interfaces, node by node, each node's in creation order. */
  edges: LabEdge[];
}

export function toLabGraph(plan: LabPlan): LabGraph {
  const networkIds = new Map(plan.networks.map((network) => [network.name, `network:${network.name}`]));
  const vertices: LabVertex[] = [
    ...plan.networks.map(({ name, subnet }) => ({
      id: `network:${name}`,
      kind: 'network' as const,
      name,
      subnet,
    })),
    ...plan.nodes.map(({ name, kind }) => ({ id: `node:${name}`, kind, name })),
  ];
  const edges = plan.nodes.flatMap((node) =>
    node.interfaces.map(({ network, address }) => {
      const networkId = networkIds.get(network);
      if (networkId === undefined) {
        throw new Error(`node ${node.name} has an interface on unknown network ${network}`);
      }
      return { node: `node:${node.name}`, network: networkId, address };
    }),
  );
  return { vertices, edges };
}
