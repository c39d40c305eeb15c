import { LabInputError } from '../errors.js';
import type { Topology } from '../topology/model.js';
import { planLab } from '../topology/planner.js';
import type { RuntimeContext } from './context.js';
import { type DeployOptions, type DeployResult, deployLab } from './deploy.js';
import { destroyLabs } from './destroy.js';
import { listLabs } from './labs.js';
import { takenSubnets } from './networks.js';

export interface DeployTopologyOptions extends DeployOptions {
  /** Lab name instead of the topology's own (several copies of one topology can run side by side). */
  name?: string;
  /** Replace a lab of the same name instead of refusing. */
  reconfigure?: boolean;
}

/** Plans a validated topology against what this engine already runs, then deploys it. */
export async function deployTopology(
  ctx: RuntimeContext,
  topology: Topology,
  options: DeployTopologyOptions = {},
): Promise<DeployResult> {
  const name = options.name ?? topology.name;
  const existing = (await listLabs(ctx)).find((l) => l.name === name);
  if (existing && !options.reconfigure) {
    throw new LabInputError(
      `lab "${name}" is already deployed (${existing.containers} containers); destroy it first or deploy with --reconfigure`,
    );
  }
  const planned = planLab(topology, { name, takenSubnets: await takenSubnets(ctx, name) });
  if (!planned.ok) throw new LabInputError(planned.errors.join('\n'));
  if (existing) await destroyLabs(ctx, { lab: name });
  return deployLab(ctx, planned.plan, options);
}
