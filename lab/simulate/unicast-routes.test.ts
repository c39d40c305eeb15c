import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planLab } from '../topology/planner.js';
import { exampleTopology } from './test-inputs.js';
import { UnicastRoutes } from './unicast-routes.js';

const names = (await readdir(fileURLToPath(new URL('../../topologies/', import.meta.url))))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('the twin’s unicast routes', () => {
  it.each(names)(
    '%s: take the next hop the planner gives the real lab, for every router and network',
    async (name) => {
      const planned = planLab(await exampleTopology(name), {});
      if (!planned.ok) throw new Error(planned.errors.join('\n'));
      const { networks, nodes } = planned.plan;
      const routers = nodes.filter((n) => n.kind === 'router');
      const routes = new UnicastRoutes(networks, routers);
      for (const router of routers)
        for (const network of networks) {
          const planRoute = router.routes.find((r) => r.destination === network.subnet);
          expect(routes.nextHop(router, network.name)?.via, `${router.name} → ${network.name}`).toBe(
            planRoute?.via,
          );
        }
    },
  );

  it('give RPF as the kernel table reads: connected (preference 0) or via a neighbor (preference 1)', async () => {
    const planned = planLab(await exampleTopology('default'), {});
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    const routers = planned.plan.nodes.filter((n) => n.kind === 'router');
    const routes = new UnicastRoutes(planned.plan.networks, routers);
    const [r1, r2] = routers;
    const h4 = planned.plan.nodes.find((n) => n.name === 'h4')?.interfaces[0]?.address ?? '';
    expect(r2 && routes.rpf(r2, h4)).toEqual({ vif: 1, neighbor: undefined, metricPreference: 0, metric: 0 });
    expect(r1 && routes.rpf(r1, h4)).toEqual({
      vif: 2,
      neighbor: r2?.interfaces[0]?.address,
      metricPreference: 1,
      metric: 0,
    });
    expect(r1 && routes.rpf(r1, '192.0.2.1')).toBeUndefined();
  });
});
