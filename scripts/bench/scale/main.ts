import { mkdir, writeFile } from 'node:fs/promises';
import { deployLab } from '../../../lab/api/deploy-lab.js';
import type { Lab } from '../../../lab/api/lab.js';
import { createRuntime } from '../../../lab/docker/context.js';
import { containerName } from '../../../lab/docker/names.js';
import { generateTopology } from '../../../lab/generate/topology.js';
import { table } from '../../../lab/report/table.js';
import { parseTopology } from '../../../lab/topology/parse.js';
import { planLab } from '../../../lab/topology/planner.js';
import { bareLoop, seconds } from '../bare-loop.js';
import { containerRss, hostUsedBytes, summarize } from './memory.js';
import { timeTreeToEveryMember } from './tree.js';

/**
 * Labs of 50, 100 and 200 nodes generated as balanced trees of routers, four hosts on each router's LAN,
 * PIM sparse, an agent on every host. Per size: deploy and destroy seconds next to a bare `docker run`
 * loop of the same containers on the same networks, the memory a node costs (its processes' resident
 * set; the host's used memory before and after) next to the bare loop's idle Node.js containers, and
 * the seconds until the RP tree carries one host's stream to every other host.
 * BENCH_SCALE_SIZES=50,100 picks sizes.
 */
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '50,100,200').split(',').map(Number);
const HOSTS_PER_LAN = 4;
const OUT = 'bench/results/scale.json';
const BARE_POOL = '10.201.0.0/16';
const GOALS = { deploySeconds: 90, deployRatio: 1, usedGiB: 4, destroySeconds: 15, atNodes: 200 };

const MiB = 2 ** 20;

/** The report so far: written after every size, so that a failure later keeps what was measured. */
interface Measured {
  nodes: number;
  deploySeconds: number;
  deployRatio: number;
  destroySeconds: number;
  hostUsedMiB: { before: number; after: number };
}
async function writeReport(results: Measured[]) {
  const largest = results.find((r) => r.nodes === GOALS.atNodes);
  const goals = largest && {
    deployWithin90s: largest.deploySeconds <= GOALS.deploySeconds,
    deployWithinBare: largest.deployRatio <= GOALS.deployRatio,
    usedWithin4GiB: (largest.hostUsedMiB.after - largest.hostUsedMiB.before) / 1024 <= GOALS.usedGiB,
    destroyWithin15s: largest.destroySeconds <= GOALS.destroySeconds,
  };
  const report = { benchmark: 'scale', date: new Date().toISOString(), goals: GOALS, met: goals, results };
  await mkdir('bench/results', { recursive: true });
  await writeFile(OUT, `${JSON.stringify(report, null, 2)}\n`);
  return goals;
}

/** With the lab up: the tree's time, then what its nodes and the host hold. */
async function measure(lab: Lab) {
  const tree = await timeTreeToEveryMember(lab);
  const rss = await containerRss(
    ctx,
    lab.nodes.map((n) => containerName(lab.name, n)),
  );
  const anon = await containerRss(
    ctx,
    lab.nodes.map((n) => containerName(lab.name, n)),
    'RssAnon',
  );
  return { tree, rss, anon, usedAfter: await hostUsedBytes() };
}

const ctx = createRuntime();
const results = [];
for (const nodes of SIZES) {
  const routers = Math.round(nodes / (1 + HOSTS_PER_LAN));
  const { document } = generateTopology({
    shape: 'tree',
    routers,
    hostsPerLan: HOSTS_PER_LAN,
    seed: 1,
    pim: 'sparse',
    profile: 'fast',
    name: `scale-${nodes}`,
    fanOut: 2,
    extraLinks: 0,
  });
  const parsed = parseTopology(JSON.stringify(document), `scale-${nodes}.yaml`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  // The bare loop's networks take another pool: Docker may hold the lab's subnets a while after destroy.
  const { defaults } = parsed.topology;
  const planned = planLab({ ...parsed.topology, defaults: { ...defaults, subnetPool: BARE_POOL } }, {});
  if (!planned.ok) throw new Error(planned.errors.join('\n'));

  const usedBefore = await hostUsedBytes();
  const started = performance.now();
  const lab = await deployLab(document);
  const deploy = (performance.now() - started) / 1000;
  const { tree, rss, anon, usedAfter } = await measure(lab).catch(async (err) => {
    await lab.destroy();
    throw err;
  });
  const destroy = await seconds(() => lab.destroy());

  const bareUsedBefore = await hostUsedBytes();
  let bareRss: number[] = [];
  let bareAnon: number[] = [];
  let bareUsedAfter = 0;
  const bare = await bareLoop(planned.plan, async (containers) => {
    bareRss = await containerRss(ctx, containers);
    bareAnon = await containerRss(ctx, containers, 'RssAnon');
    bareUsedAfter = await hostUsedBytes();
  });
  const isRouter = new Set(parsed.topology.routers.map((r) => r.name));
  const byKind = (kind: boolean) =>
    summarize(rss.filter((_, i) => isRouter.has(lab.nodes[i] ?? '') === kind));
  results.push({
    nodes,
    routers,
    hosts: nodes - routers,
    networks: planned.plan.networks.length,
    deploySeconds: deploy,
    bareDeploySeconds: bare.deploy,
    deployRatio: deploy / bare.deploy,
    destroySeconds: destroy,
    bareDestroySeconds: bare.destroy,
    destroyRatio: destroy / bare.destroy,
    rssPerNodeMiB: summarize(rss),
    rssPerRouterMiB: byKind(true),
    rssPerHostMiB: byKind(false),
    bareRssPerNodeMiB: summarize(bareRss),
    anonPerNodeMiB: summarize(anon),
    bareAnonPerNodeMiB: summarize(bareAnon),
    hostUsedMiB: {
      before: usedBefore / MiB,
      after: usedAfter / MiB,
      perNode: (usedAfter - usedBefore) / MiB / nodes,
    },
    bareHostUsedMiB: {
      before: bareUsedBefore / MiB,
      after: bareUsedAfter / MiB,
      perNode: (bareUsedAfter - bareUsedBefore) / MiB / nodes,
    },
    treeMembers: tree.members,
    treeSeconds: tree.seconds,
  });
  await writeReport(results);
}
const goals = await writeReport(results);

const f = (x: number, digits = 1) => x.toFixed(digits);
console.log(
  table([
    [
      'NODES',
      'DEPLOY s',
      'BARE s',
      'RATIO',
      'DESTROY s',
      'BARE RM s',
      'RSS/NODE MiB',
      'BARE RSS',
      'ANON/NODE',
      'BARE ANON',
      'USED +MiB',
      'BARE +MiB',
      'TREE s',
    ],
    ...results.map((r) => [
      String(r.nodes),
      f(r.deploySeconds),
      f(r.bareDeploySeconds),
      f(r.deployRatio, 2),
      f(r.destroySeconds),
      f(r.bareDestroySeconds),
      f(r.rssPerNodeMiB.meanMiB),
      f(r.bareRssPerNodeMiB.meanMiB),
      f(r.anonPerNodeMiB.meanMiB),
      f(r.bareAnonPerNodeMiB.meanMiB),
      f(r.hostUsedMiB.after - r.hostUsedMiB.before, 0),
      f(r.bareHostUsedMiB.after - r.bareHostUsedMiB.before, 0),
      f(r.treeSeconds),
    ]),
  ]),
);
if (goals) console.log(`\ngoals at ${GOALS.atNodes} nodes: ${JSON.stringify(goals)}`);
console.log(`\nwrote ${OUT}`);
