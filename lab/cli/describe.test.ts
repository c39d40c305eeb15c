import { describe, expect, it } from 'vitest';
import type { InspectedNode } from '../docker/inspect.js';
import { describeLab } from './describe.js';

const node = (
  name: string,
  kind: InspectedNode['kind'],
  extra: Partial<InspectedNode> = {},
): InspectedNode => ({
  name,
  kind,
  container: `mcast-lab-demo-${name}`,
  state: 'running',
  interfaces: [{ name: 'eth0', network: 'lan1', address: '10.1.1.2' }],
  routes: [],
  ...extra,
});

describe('describeLab', () => {
  it("shows each router's forwarding plane, unknown when it did not say, and - for hosts", () => {
    const text = describeLab({
      lab: 'demo',
      networks: [],
      nodes: [
        node('h1', 'host'),
        node('r1', 'router', { forwarding: 'nftables' }),
        node('r2', 'router', { forwarding: 'kernel-mroute' }),
        node('r3', 'router', { forwarding: 'none' }),
        node('r4', 'router', { state: 'exited' }),
      ],
    });
    const rows = text
      .split('\n')
      .filter((line) => /^(NODE|h1|r\d)\s/.test(line))
      .map((line) => line.split(/\s+/).slice(0, 4).join(' '));
    expect(rows).toEqual([
      'NODE KIND STATE FORWARDING',
      'h1 host running -',
      'r1 router running nftables',
      'r2 router running kernel-mroute',
      'r3 router running none',
      'r4 router exited unknown',
    ]);
  });
});
