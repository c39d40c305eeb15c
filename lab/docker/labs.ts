import { LabInputError } from '../errors.js';
import type { RuntimeContext } from './context.js';
import { LABEL_LAB } from './names.js';

export interface LabSummary {
  name: string;
  containers: number;
  running: number;
  networks: number;
}

/** Every lab on this engine, found by label (stopped containers and lone networks count). */
export async function listLabs(ctx: RuntimeContext): Promise<LabSummary[]> {
  const filters = { label: [LABEL_LAB] };
  const [containers, networks] = await Promise.all([
    ctx.docker.listContainers({ all: true, filters }),
    ctx.docker.listNetworks({ filters }),
  ]);
  const labs = new Map<string, LabSummary>();
  const entry = (name: string) => {
    const found = labs.get(name) ?? { name, containers: 0, running: 0, networks: 0 };
    labs.set(name, found);
    return found;
  };
  for (const c of containers) {
    const lab = entry(c.Labels[LABEL_LAB] ?? '');
    lab.containers += 1;
    if (c.State === 'running') lab.running += 1;
  }
  for (const n of networks) entry(n.Labels?.[LABEL_LAB] ?? '').networks += 1;
  return [...labs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Fails with the labs that are deployed, so the user sees what the name should have been. */
export async function throwUnknownLab(ctx: RuntimeContext, lab: string): Promise<never> {
  const labs = (await listLabs(ctx)).map((l) => l.name);
  throw new LabInputError(
    `no lab named "${lab}" is deployed; ${labs.length ? `deployed labs: ${labs.join(', ')}` : 'no lab is deployed'}`,
  );
}
