import { describe, expect, it } from 'vitest';
import { toLabGraph } from './graph-model.js';
import { campusPlan } from './test-fixture.js';

describe('toLabGraph', () => {
  it('has a vertex per network and per node', () => {
    const { vertices } = toLabGraph(campusPlan);
    expect(vertices).toContainEqual({
      id: 'network:core',
      kind: 'network',
      name: 'core',
      subnet: '10.100.0.0/24',
    });
    expect(vertices).toContainEqual({ id: 'node:r1', kind: 'router', name: 'r1' });
    expect(vertices).toContainEqual({ id: 'node:h4', kind: 'host', name: 'h4' });
    expect(vertices).toHaveLength(3 + 6);
  });

  it('has an edge per interface, labelled with its address', () => {
    const { edges } = toLabGraph(campusPlan);
    expect(edges).toHaveLength(8);
    expect(edges[0]).toEqual({ node: 'node:r1', network: 'network:core', address: '10.100.0.2' });
    expect(edges).toContainEqual({ node: 'node:h3', network: 'network:lan2', address: '10.100.2.10' });
  });

  it('keeps a network and a node of the same name apart', () => {
    const graph = toLabGraph({
      ...campusPlan,
      networks: campusPlan.networks.map((network) =>
        network.name === 'lan1' ? { ...network, name: 'h1' } : network,
      ),
      nodes: campusPlan.nodes.map((node) => ({
        ...node,
        interfaces: node.interfaces.map((iface) =>
          iface.network === 'lan1' ? { ...iface, network: 'h1' } : iface,
        ),
      })),
    });
    expect(new Set(graph.vertices.map((vertex) => vertex.id)).size).toBe(graph.vertices.length);
    expect(graph.edges).toContainEqual({ node: 'node:h1', network: 'network:h1', address: '10.100.1.10' });
  });

  it('rejects an interface on a network the plan lacks', () => {
    const plan = {
      ...campusPlan,
      networks: campusPlan.networks.filter((network) => network.name !== 'lan2'),
    };
    expect(() => toLabGraph(plan)).toThrow('node r2 has an interface on unknown network lan2');
  });
});
