import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { NODE_CONFIG_NAME } from '../../common/control/protocol.js';
import type { NodeConfig } from '../../common/node-config.js';
import type { LabPlan, PlannedNode } from '../topology/plan.js';
import { createNodeContainer } from './containers.js';
import type { RuntimeContext } from './context.js';
import { destroyLabs } from './destroy.js';
import { resolveImages } from './images.js';
import { impairNetwork } from './impairments.js';
import { writeLabPlan } from './lab-plan-file.js';
import { installLinkAccounting } from './link-accounting.js';
import { containerName, nodeRunDir } from './names.js';
import { bridgePorts } from './netns.js';
import { createLabNetwork } from './networks.js';
import { explainExit } from './node-exit.js';
import { installRoutes } from './node-routes.js';
import { waitForNode } from './readiness.js';

export type DeployPhase = 'networks' | 'nodes' | 'routes' | 'agents';
export interface DeployProgress {
  phase: DeployPhase;
  done: number;
  total: number;
}

export interface DeployOptions {
  onProgress?: (progress: DeployProgress) => void;
  /** How many Docker operations run at once. */
  concurrency?: number;
  /** Aborting stops starting new operations; the deploy then rolls back like any failure. */
  signal?: AbortSignal;
}

export interface DeployResult {
  lab: string;
  images: string;
  seconds: number;
}

/**
 * Builds a planned lab: networks, then node containers, then routes and agent readiness per node.
 * Any failure removes everything this deploy created (by label) before the error is rethrown.
 */
export async function deployLab(
  ctx: RuntimeContext,
  plan: LabPlan,
  options: DeployOptions = {},
): Promise<DeployResult> {
  const started = performance.now();
  const limit = pLimit(options.concurrency ?? 8);
  const report = options.onProgress ?? (() => {});
  const phase = async <T>(name: DeployPhase, items: T[], work: (item: T) => Promise<unknown>) => {
    let done = 0;
    report({ phase: name, done, total: items.length });
    // Settle every started operation before failing, so rollback never races a container still being made.
    const results = await Promise.allSettled(
      items.map((item) =>
        limit(async () => {
          options.signal?.throwIfAborted();
          await work(item);
          report({ phase: name, done: ++done, total: items.length });
        }),
      ),
    );
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  };

  const images = await resolveImages(ctx);
  try {
    await writeNodeConfigs(ctx, plan);
    await phase('networks', plan.networks, (network) => createLabNetwork(ctx, plan.name, network));
    const pids = new Map<string, number>();
    await phase('nodes', plan.nodes, async (node) => {
      pids.set(node.name, await createNodeContainer(ctx, plan, node, images));
    });
    // Every port exists now: count each network's traffic from here on (`mcast-lab traffic`), and
    // impair the networks the topology impairs as soon as their ports exist.
    const ports = await Promise.all(
      plan.networks.map(async (n) => ({
        name: n.name,
        ports: await bridgePorts(n.bridge),
        impair: n.impair,
      })),
    );
    await installLinkAccounting(plan.name, ports);
    for (const network of ports)
      if (network.impair && network.ports.length > 0) await impairNetwork(plan.name, network, network.impair);
    await phase('routes', plan.nodes, (node) =>
      explainExit(ctx.docker.getContainer(containerName(plan.name, node.name)), node.name, () =>
        installRoutes(pids.get(node.name) ?? 0, node),
      ),
    );
    await phase('agents', plan.nodes, (node) => waitForNode(ctx, plan.name, node));
  } catch (err) {
    // Roll back; if that fails too, report both rather than lose why the deploy failed.
    await destroyLabs(ctx, { lab: plan.name }).catch((rollback: Error) => {
      throw new AggregateError(
        [err, rollback],
        `deploy failed (${(err as Error).message}) and so did its rollback`,
      );
    });
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  return { lab: plan.name, images: images.source, seconds };
}

async function writeNodeConfigs(ctx: RuntimeContext, plan: LabPlan): Promise<void> {
  await writeLabPlan(ctx, plan);
  await Promise.all(
    plan.nodes.map(async (node) => {
      const dir = nodeRunDir(ctx, plan.name, node.name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, NODE_CONFIG_NAME), JSON.stringify(nodeConfig(plan, node), null, 2));
    }),
  );
}

function nodeConfig(plan: LabPlan, node: PlannedNode): NodeConfig {
  return {
    lab: plan.name,
    node: node.name,
    kind: node.kind,
    interfaces: node.interfaces,
    igmpVersion: node.igmpVersion,
    multicastRouting: node.multicastRouting,
    forwarding: node.forwarding,
    pim: plan.pim,
    rps: plan.rps.map(({ address, groups }) => ({ address, groups })),
    sptThreshold: plan.sptThreshold,
    profile: plan.profile,
    ...(node.daemon && node.program.command ? { command: node.program.command } : {}),
    hosts: plan.nodes.flatMap((n) =>
      n.kind === 'host' && n.interfaces[0]
        ? [{ node: n.name, address: n.interfaces[0].address, network: n.interfaces[0].network }]
        : [],
    ),
  };
}
