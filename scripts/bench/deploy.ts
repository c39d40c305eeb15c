import { mkdir, writeFile } from 'node:fs/promises';
import { createRuntime } from '../../lab/docker/context.js';
import { deployTopology } from '../../lab/docker/deploy-topology.js';
import { destroyLabs } from '../../lab/docker/destroy.js';
import { table } from '../../lab/report/table.js';
import type { Topology } from '../../lab/topology/model.js';
import { planLab } from '../../lab/topology/planner.js';
import { bareLoop, seconds } from './bare-loop.js';

/**
 * Deploy and destroy seconds for labs of 10, 30 and 60 nodes, next to a bare `docker run` loop that
 * creates the same networks and containers (same image, addresses and interfaces) and removes them.
 */
const SIZES = [10, 30, 60];
const OUT = 'bench/results/deploy.json';

/** A line of routers, one LAN between neighbours, hosts spread over the LANs: N nodes in all. */
function benchTopology(nodes: number): Topology {
  const lans = Math.max(2, Math.round(nodes / 10));
  const routers = lans - 1;
  const lan = (i: number) => `lan${i + 1}`;
  return {
    name: `bench-${nodes}`,
    defaults: {
      igmpVersion: 3,
      pim: 'none',
      sptThreshold: 'immediate',
      profile: 'fast',
      snooping: true,
      subnetPool: '10.100.0.0/16',
    },
    networks: Array.from({ length: lans }, (_, i) => ({ name: lan(i) })),
    routers: Array.from({ length: routers }, (_, i) => ({
      name: `r${i + 1}`,
      interfaces: [{ network: lan(i) }, { network: lan(i + 1) }],
    })),
    hosts: Array.from({ length: nodes - routers }, (_, i) => ({ name: `h${i + 1}`, network: lan(i % lans) })),
  };
}

const ctx = createRuntime();
const results = [];
for (const size of SIZES) {
  const topology = benchTopology(size);
  await destroyLabs(ctx, { lab: topology.name });
  const deploy = await seconds(() => deployTopology(ctx, topology));
  const destroy = await seconds(() => destroyLabs(ctx, { lab: topology.name }));
  const planned = planLab(topology, {});
  if (!planned.ok) throw new Error(planned.errors.join('\n'));
  const bare = await bareLoop(planned.plan);
  results.push({
    nodes: size,
    networks: topology.networks.length,
    deploySeconds: deploy,
    destroySeconds: destroy,
    bareDeploySeconds: bare.deploy,
    bareDestroySeconds: bare.destroy,
    deployRatio: deploy / bare.deploy,
    destroyRatio: destroy / bare.destroy,
  });
}

const report = { benchmark: 'deploy', date: new Date().toISOString(), goal: 'deployRatio <= 1.2', results };
await mkdir('bench/results', { recursive: true });
await writeFile(OUT, `${JSON.stringify(report, null, 2)}\n`);
const f = (x: number) => x.toFixed(2);
console.log(
  table([
    ['NODES', 'DEPLOY s', 'BARE RUN s', 'RATIO', 'DESTROY s', 'BARE RM s', 'RATIO'],
    ...results.map((r) => [
      String(r.nodes),
      f(r.deploySeconds),
      f(r.bareDeploySeconds),
      f(r.deployRatio),
      f(r.destroySeconds),
      f(r.bareDestroySeconds),
      f(r.destroyRatio),
    ]),
  ]),
);
console.log(`\nwrote ${OUT}`);
