import { type Comparison, type ModeResult, modeLabName } from '../compare/compare.js';
import { type CompareMode, summarizeRun } from '../compare/summarize.js';
import { LabInputError } from '../errors.js';
import type { Topology } from '../topology/model.js';
import { planLab } from '../topology/planner.js';
import type { Workload } from '../workload/model.js';
import { converge, runOnTwin, TWIN_CONVERGE_MS } from './run-on-twin.js';
import { Twin, type TwinImpairment } from './twin.js';

export interface SimulateOptions {
  modes: CompareMode[];
  seed: number;
  impairments?: TwinImpairment[];
  /** Virtual seconds into a mode's workload, for progress. */
  onProgress?: (mode: CompareMode, stage: 'converge' | 'run', seconds?: number) => void;
}

/**
 * What `compare` measures on Docker, measured on the lab's simulated twin: per mode, the topology is
 * planned as deploy plans it, the twin converges (every PIM router sees its neighbors), the workload
 * plays on virtual time and the run is summarized as a real one. The same seed gives the same report.
 */
export async function simulateModes(
  topology: Topology,
  workload: Workload,
  options: SimulateOptions,
): Promise<Comparison> {
  const given = options.impairments ?? [];
  checkTargets(topology, given);
  // The topology's standing losses from the start, as deploy sets them; --impair once it runs.
  const standing = topology.networks.flatMap(({ name, impair }) =>
    impair?.loss ? [{ target: name, loss: impair.loss }] : [],
  );
  const impairments = [...standing.filter((s) => !given.some((g) => g.target === s.target)), ...given];
  const results: ModeResult[] = [];
  const convergedMs: Partial<Record<CompareMode, number>> = {};
  for (const mode of options.modes) {
    const lab = modeLabName(topology, mode);
    const planned = planLab(
      { ...topology, defaults: { ...topology.defaults, pim: mode } },
      { name: lab, routes: false },
    );
    if (!planned.ok) throw new LabInputError(planned.errors.join('\n'));
    const twin = new Twin(planned.plan, { seed: options.seed });
    twin.impair(standing);
    twin.start();
    options.onProgress?.(mode, 'converge');
    if (!(await converge(twin)))
      throw new Error(
        `simulate: ${mode} mode did not converge in ${TWIN_CONVERGE_MS / 1000} virtual seconds, not measuring it`,
      );
    convergedMs[mode] = twin.clock.now();
    // As on a real lab, impairments come once it runs.
    twin.impair(impairments);
    const run = await runOnTwin(twin, workload, (t) => options.onProgress?.(mode, 'run', t));
    results.push({
      mode,
      lab,
      plan: planned.plan,
      run,
      summary: summarizeRun(mode, planned.plan, workload, run),
    });
  }
  return {
    topology: topology.name,
    workload,
    results,
    simulated: {
      seed: options.seed,
      impairments,
      convergedMs,
      notSimulated: topology.networks.flatMap(({ name, impair }) =>
        impair?.rate ? [`${name} rate ${impair.rate}`] : [],
      ),
    },
  };
}

function checkTargets(topology: Topology, impairments: TwinImpairment[]): void {
  const names = [
    ...topology.networks.map((n) => n.name),
    ...topology.routers.map((r) => r.name),
    ...topology.hosts.map((h) => h.name),
  ];
  const unknown = impairments.find((i) => !names.includes(i.target));
  if (unknown)
    throw new LabInputError(
      `impairment target "${unknown.target}" is no network or node of ${topology.name}; networks: ${topology.networks.map((n) => n.name).join(', ')}`,
    );
}
