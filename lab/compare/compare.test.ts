import { describe, expect, it } from 'vitest';
import type { PimNeighborsView } from '../../common/router-views.js';
import { parseTopology } from '../topology/parse.js';
import { planLab } from '../topology/planner.js';
import { converged } from './compare.js';

// A line of three PIM routers, and r9 beside r3 running no multicast routing (never asked, never expected).
const parsed = parseTopology(
  `
name: t
defaults: { pim: dense }
networks: { lan1: , link12: , link23: , lan3: }
routers:
  r1: { interfaces: [lan1, link12] }
  r2: { interfaces: [link12, link23] }
  r3: { interfaces: [link23, lan3] }
  r9: { interfaces: [lan3], multicast: none }
`,
  't.yaml',
);
if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
const planned = planLab(parsed.topology, {});
if (!planned.ok) throw new Error(planned.errors.join('; '));
const plan = planned.plan;
const address = (router: string, network: string) =>
  plan.nodes.find((n) => n.name === router)?.interfaces.find((i) => i.network === network)?.address ?? '';

/** Routers that list the PIM routers they have heard on each network, minus the ones in `unheard`. */
const lab = (unheard: { router: string; network: string }[] = []) => ({
  agent: async <T>(node: string): Promise<T> => {
    if (node === 'r9') throw new Error('r9 runs no PIM and must not be asked');
    const self = plan.nodes.find((n) => n.name === node);
    const views: PimNeighborsView[] = (self?.interfaces ?? []).map((i, index) => ({
      interface: `eth${index}`,
      network: i.network,
      address: i.address,
      dr: '',
      neighbors: ['r1', 'r2', 'r3']
        .filter((r) => r !== node && !unheard.some((u) => u.router === node && u.network === i.network))
        .map((r) => address(r, i.network))
        .filter((a) => a !== '')
        .map((a) => ({ address: a, expiresInMs: 3_000 })),
    }));
    return views as T;
  },
});

describe('compare waits for PIM before it measures', () => {
  it('goes on once every router lists its PIM neighbors', async () => {
    await expect(converged(lab(), plan, 1_000)).resolves.toBeUndefined();
  });

  it('refuses to measure a lab that did not converge, naming the router, interface and what it saw', async () => {
    const error = await converged(lab([{ router: 'r2', network: 'link23' }]), plan, 50).catch(
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^compare: dense mode lab t did not converge, not measuring it: timed out after 50 ms/,
    );
    expect(message).toContain(
      `"router":"r2","network":"link23","interface":"eth1","missing":["r3 ${address('r3', 'link23')}"],"neighbors":[]`,
    );
  });
});
