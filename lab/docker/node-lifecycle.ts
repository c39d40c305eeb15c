import { LabInputError } from '../errors.js';
import type { RuntimeContext } from './context.js';
import { resolveLab } from './find-node.js';
import { currentPartition, impair, listImpairments, partition } from './impairments.js';
import { readLabPlan } from './lab-plan-file.js';
import { countNewPorts } from './link-accounting.js';
import { LABEL_LAB, LABEL_NODE } from './names.js';
import { bridgePorts, hostPorts } from './netns.js';
import { explainExit, runningPid } from './node-exit.js';
import { installRoutes } from './node-routes.js';
import { waitForNode } from './readiness.js';

/** Node faults: a crash kills the node's container at once (SIGKILL); a restart brings it back as deployed. */

async function containerOf(ctx: RuntimeContext, lab: string, node: string) {
  const [container] = await ctx.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_LAB}=${lab}`, `${LABEL_NODE}=${node}`] },
  });
  if (!container) {
    const plan = await readLabPlan(ctx, lab).catch(() => undefined);
    const names = plan?.nodes.map((n) => n.name).join(', ') ?? 'none';
    throw new LabInputError(`lab "${lab}" has no node "${node}"; nodes: ${names}`);
  }
  return { id: container.Id, running: container.State === 'running' };
}

export async function crashNode(
  ctx: RuntimeContext,
  node: string,
  labName?: string,
): Promise<{ lab: string; node: string; wasRunning: boolean }> {
  const lab = await resolveLab(ctx, labName);
  const { id, running } = await containerOf(ctx, lab, node);
  if (running) await ctx.docker.getContainer(id).kill({ signal: 'SIGKILL' });
  return { lab, node, wasRunning: running };
}

/**
 * Starts a crashed (or running: it is killed first) node again with the state deploy gave it: its routes,
 * its ports in the lab's traffic counters, and the lab's impairments and partition on its new ports.
 * Its run directory (delivery log, persistent store) survives; its processes start from scratch.
 */
export async function restartNode(
  ctx: RuntimeContext,
  node: string,
  labName?: string,
): Promise<{ lab: string; node: string; seconds: number }> {
  const started = performance.now();
  const lab = await resolveLab(ctx, labName);
  const { id, running } = await containerOf(ctx, lab, node);
  const container = ctx.docker.getContainer(id);
  if (running) await container.kill({ signal: 'SIGKILL' });
  await container.start();
  const pid = await runningPid(container, node);
  // All of it reaches into the node through its PID: a daemon dying meanwhile is the error to report.
  await explainExit(container, node, () => restoreNodeState(ctx, lab, node, pid));
  const planned = (await readLabPlan(ctx, lab)).nodes.find((n) => n.name === node);
  await waitForNode(ctx, lab, { name: node, daemon: planned?.daemon ?? true });
  return { lab, node, seconds: (performance.now() - started) / 1000 };
}

/** Routes, traffic counters, impairments and partition, on a node's new ports after a restart. */
async function restoreNodeState(ctx: RuntimeContext, lab: string, node: string, pid: number): Promise<void> {
  const plan = await readLabPlan(ctx, lab);
  const planned = plan.nodes.find((n) => n.name === node);
  if (planned) await installRoutes(pid, planned);
  const ports = new Set((await hostPorts(pid)).map((p) => p.port));
  await countNewPorts(
    lab,
    await Promise.all(
      plan.networks
        .filter((n) => planned?.interfaces.some((i) => i.network === n.name))
        .map(async (n) => ({
          name: n.name,
          ports: (await bridgePorts(n.bridge)).filter((p) => ports.has(p)),
        })),
    ),
  );
  for (const { target, ...settings } of await listImpairments(lab)) await impair(ctx, lab, target, settings);
  const groups = await currentPartition(lab);
  if (groups) await partition(ctx, lab, groups);
}
