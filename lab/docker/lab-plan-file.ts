import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabPlan } from '../topology/plan.js';
import type { RuntimeContext } from './context.js';
import { labRunDir } from './names.js';

/** Where deploy keeps the plan, in the lab's run directory: later commands read it, not the topology file. */
const PLAN_FILE = 'plan.json';

export async function writeLabPlan(ctx: RuntimeContext, plan: LabPlan): Promise<void> {
  await mkdir(labRunDir(ctx, plan.name), { recursive: true });
  await writeFile(join(labRunDir(ctx, plan.name), PLAN_FILE), JSON.stringify(plan, null, 2));
}

/** The plan a lab was deployed from, as deploy wrote it into the lab's run directory. */
export async function readLabPlan(ctx: RuntimeContext, lab: string): Promise<LabPlan> {
  return JSON.parse(await readFile(join(labRunDir(ctx, lab), PLAN_FILE), 'utf8')) as LabPlan;
}
