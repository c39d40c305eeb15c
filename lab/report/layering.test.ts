import { describe, expect, it } from 'vitest';
import type { LabPlan } from '../topology/plan.js';
import { toLabGraph } from './graph-model.js';
import { orientEdges } from './layering.js';
import { campusPlan, iface, node } from './test-fixture.js';

const downwards = (plan: LabPlan): string[] =>
  orientEdges(toLabGraph(plan)).map(({ upper, lower }) => `${upper} > ${lower}`);

describe('orientEdges', () => {
  it('hangs the lab from its centre: the core network, then routers, LANs and hosts', () => {
    expect(downwards(campusPlan)).toEqual([
      'network:core > node:r1',
      'node:r1 > network:lan1',
      'network:core > node:r2',
      'node:r2 > network:lan2',
      'network:lan1 > node:h1',
      'network:lan1 > node:h2',
      'network:lan2 > node:h3',
      'network:lan2 > node:h4',
    ]);
  });

  it('orients every connected part of the lab', () => {
    const plan: LabPlan = {
      ...campusPlan,
      networks: [
        ...campusPlan.networks,
        {
          name: 'lonely',
          subnet: '10.100.9.0/24',
          gateway: '10.100.9.1',
          bridge: 'ml-lonely',
          snooping: true,
        },
      ],
      nodes: [...campusPlan.nodes, node('h9', 'host', [iface('lonely', '10.100.9.10')])],
    };
    expect(downwards(plan)).toContain('network:lonely > node:h9');
  });
});
