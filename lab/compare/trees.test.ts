import { describe, expect, it } from 'vitest';
import { parseTopology } from '../topology/parse.js';
import { planLab } from '../topology/planner.js';
import { wantedNetworks } from './trees.js';

function plan(file: string) {
  const parsed = parseTopology(file, 't.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const planned = planLab(parsed.topology, {});
  if (!planned.ok) throw new Error(planned.errors.join('; '));
  return planned.plan;
}

// The sparse-tree lab: r2 in the middle, a shortcut r1–r3.
const tree = plan(`
name: t
networks: { lan1: , lan2: , lan3: , lan4: , lan5: , link12: , link13: , link23: , link24: , link25: }
routers:
  r1: { interfaces: [lan1, link12, link13] }
  r2: { interfaces: [link12, link23, link24, link25, lan2] }
  r3: { interfaces: [link13, link23, lan3] }
  r4: { interfaces: [link24, lan4] }
  r5: { interfaces: [link25, lan5] }
`);

describe('wantedNetworks', () => {
  it('keeps the shortest-path tree from the sources to the members', () => {
    expect([...wantedNetworks(tree, { sources: ['lan1'], members: ['lan3'] })].sort()).toEqual([
      'lan1',
      'lan3',
      'link13',
    ]);
  });

  it('adds the RP tree through the rendezvous router', () => {
    expect([...wantedNetworks(tree, { sources: ['lan1'], members: ['lan3'] }, 'r2')].sort()).toEqual([
      'lan1',
      'lan3',
      'link12',
      'link13',
      'link23',
    ]);
  });

  it('keeps every equal-cost path, and nothing toward member-less branches', () => {
    const wanted = wantedNetworks(tree, { sources: ['lan4'], members: ['lan3', 'lan5'] });
    expect([...wanted].sort()).toEqual(['lan3', 'lan4', 'lan5', 'link23', 'link24', 'link25']);
    expect(wanted.has('lan2')).toBe(false);
  });
});
