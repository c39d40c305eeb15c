import { pollUntil } from '../../common/poll.js';
import type { PimNeighborsView } from '../../common/router-views.js';
import { countGroups } from '../measure/link-accounting.js';
import type { RuntimeContext } from '../runtime/context.js';
import { readLabPlan } from '../runtime/deploy.js';
import { deployTopology } from '../runtime/deploy-topology.js';
import { destroyLabs } from '../runtime/destroy.js';
import { connectLab, type LabClient } from '../runtime/lab-client.js';
import { bridgePorts } from '../runtime/netns.js';
import type { Topology } from '../topology/model.js';
import type { LabPlan } from '../topology/plan.js';
import type { Workload } from '../workload/model.js';
import { runWorkload, type WorkloadRun } from './run-workload.js';
import { type CompareMode, type ModeSummary, summarizeRun } from './summarize.js';

export interface ModeResult {
  mode: CompareMode;
  lab: string;
  plan: LabPlan;
  run: WorkloadRun;
  summary: ModeSummary;
}

export interface Comparison {
  topology: string;
  workload: Workload;
  results: ModeResult[];
}

export type CompareStage = 'deploy' | 'converge' | 'run' | 'destroy';

export interface CompareOptions {
  modes: CompareMode[];
  onProgress?: (mode: CompareMode, stage: CompareStage, t?: number) => void;
}

/**
 * The same workload on the same topology in each mode: a fresh lab per mode (deploy, wait for PIM
 * neighbors, run, read counters, destroy), then one summary per mode.
 */
export async function compareModes(
  ctx: RuntimeContext,
  topology: Topology,
  workload: Workload,
  options: CompareOptions,
): Promise<Comparison> {
  const results: ModeResult[] = [];
  for (const mode of options.modes) {
    const progress = (stage: CompareStage, t?: number) => options.onProgress?.(mode, stage, t);
    const lab = `${topology.name.slice(0, 23)}-${mode}`;
    const variant: Topology = { ...topology, defaults: { ...topology.defaults, pim: mode } };
    progress('deploy');
    await destroyLabs(ctx, { lab });
    const { lab: name } = await deployTopology(ctx, variant, { name: lab });
    try {
      const plan = await readLabPlan(ctx, name);
      const client = await connectLab(ctx, name);
      await countGroups(
        name,
        await Promise.all(
          plan.networks.map(async (n) => ({ name: n.name, ports: await bridgePorts(n.bridge) })),
        ),
        [...new Set(workload.sources.map((s) => s.group))],
      );
      progress('converge');
      await converged(client, plan);
      progress('run', 0);
      const run = await runWorkload(client, workload, { onTick: (t) => progress('run', t) });
      results.push({ mode, lab: name, plan, run, summary: summarizeRun(mode, plan, workload, run) });
    } finally {
      progress('destroy');
      await destroyLabs(ctx, { lab: name });
    }
  }
  return { topology: topology.name, workload, results };
}

/** Every router sees a PIM neighbor for every other multicast router on each of its networks. */
async function converged(lab: LabClient, plan: LabPlan): Promise<void> {
  const routers = plan.nodes.filter((n) => n.kind === 'router' && n.multicastRouting);
  const expected = (router: string, network: string) =>
    routers.filter((r) => r.name !== router && r.interfaces.some((i) => i.network === network)).length;
  await Promise.all(
    routers.map((router) =>
      pollUntil(
        () => lab.agent<PimNeighborsView[]>(router.name, 'show', { view: 'pim-neighbors' }),
        (views) => views.every((v) => v.neighbors.length >= expected(router.name, v.network)),
        30_000,
        200,
      ),
    ),
  );
}
