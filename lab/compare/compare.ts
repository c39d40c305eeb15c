import type { RuntimeContext } from '../docker/context.js';
import { deployTopology } from '../docker/deploy-topology.js';
import { destroyLabs } from '../docker/destroy.js';
import { connectLab, type LabClient } from '../docker/lab-client.js';
import { readLabPlan } from '../docker/lab-plan-file.js';
import { countGroups } from '../docker/link-accounting.js';
import { bridgePorts } from '../docker/netns.js';
import type { Topology } from '../topology/model.js';
import type { LabPlan } from '../topology/plan.js';
import type { Workload } from '../workload/model.js';
import { waitForPimNeighbors } from './pim-neighbors.js';
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
  /** Present when the runs were simulated (`mcast-lab simulate`) rather than run on Docker. */
  simulated?: {
    seed: number;
    impairments: { target: string; loss?: number; down?: boolean }[];
    /** Per mode, the virtual time every PIM router took to see all its neighbors. */
    convergedMs: Partial<Record<CompareMode, number>>;
    /** The topology's impairments the twin does not model (rate limits). */
    notSimulated: string[];
  };
}

export type CompareStage = 'deploy' | 'converge' | 'run' | 'destroy';

export interface CompareOptions {
  modes: CompareMode[];
  /** Awaited, except for the ticks of the run. */
  onProgress?: (mode: CompareMode, stage: CompareStage, t?: number) => void | Promise<void>;
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
    const progress = async (stage: CompareStage, t?: number) => options.onProgress?.(mode, stage, t);
    const lab = modeLabName(topology, mode);
    const variant: Topology = { ...topology, defaults: { ...topology.defaults, pim: mode } };
    await progress('deploy');
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
      await progress('converge');
      await converged(client, plan);
      await progress('run', 0);
      const run = await runWorkload(client, workload, {
        onTick: (t) => void progress('run', t),
        pimRouters: plan.nodes.filter((n) => n.kind === 'router' && n.multicastRouting).map((n) => n.name),
      });
      results.push({ mode, lab: name, plan, run, summary: summarizeRun(mode, plan, workload, run) });
    } finally {
      await progress('destroy');
      await destroyLabs(ctx, { lab: name });
    }
  }
  return { topology: topology.name, workload, results };
}

/** The lab a comparison deploys for one mode. */
export const modeLabName = (topology: Pick<Topology, 'name'>, mode: CompareMode) =>
  `${topology.name.slice(0, 23)}-${mode}`;

/** How long a fresh lab gets for PIM to come up before compare gives up on it. */
export const CONVERGE_TIMEOUT_MS = 30_000;

/**
 * Every multicast router lists a PIM neighbor for every other one on each of its networks. A lab that
 * does not get there in time is not measured: the error names the mode, each router and interface
 * still missing a neighbor, and what it listed there.
 */
export async function converged(
  lab: Pick<LabClient, 'agent'>,
  plan: Pick<LabPlan, 'name' | 'pim' | 'nodes'>,
  timeoutMs = CONVERGE_TIMEOUT_MS,
): Promise<void> {
  const routers = plan.nodes.filter((n) => n.kind === 'router' && n.multicastRouting);
  try {
    await waitForPimNeighbors(lab, routers, { timeoutMs });
  } catch (err) {
    const why = (err as Error).message;
    throw new Error(`compare: ${plan.pim} mode lab ${plan.name} did not converge, not measuring it: ${why}`, {
      cause: err,
    });
  }
}
