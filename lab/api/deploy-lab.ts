import { randomBytes } from 'node:crypto';
import { createRuntime } from '../docker/context.js';
import type { DeployOptions } from '../docker/deploy.js';
import { deployTopology } from '../docker/deploy-topology.js';
import { type Lab, openLab } from './lab.js';
import { loadTopology, type TopologySource } from './topology.js';

export interface DeployLabOptions extends DeployOptions {
  /** The lab's name; by default the topology's name and a random suffix, so runs never collide. */
  name?: string;
}

/** `base` and a random suffix, within the 30 characters a lab name may have. */
export const uniqueLabName = (base: string) => `${base.slice(0, 25)}-${randomBytes(2).toString('hex')}`;

/**
 * Deploys a topology (a YAML file or the same document as an object) as a Docker lab and returns it
 * ready: every daemon answering. A failed deploy rolls back and throws why. Destroy it when done — or
 * use {@link withLab}, which always does.
 */
export async function deployLab(topology: TopologySource, options: DeployLabOptions = {}): Promise<Lab> {
  const loaded = await loadTopology(topology);
  const ctx = createRuntime();
  const { lab } = await deployTopology(ctx, loaded, {
    ...options,
    name: options.name ?? uniqueLabName(loaded.name),
  });
  return openLab(ctx, lab);
}

/** Deploys, runs `use`, and destroys the lab whatever happens (also when `use` throws). */
export async function withLab<T>(
  topology: TopologySource,
  use: (lab: Lab) => Promise<T>,
  options: DeployLabOptions = {},
): Promise<T> {
  const lab = await deployLab(topology, options);
  try {
    return await use(lab);
  } finally {
    await lab.destroy();
  }
}

/** A lab deployed earlier (e.g. with `mcast-lab deploy`), by name. */
export function connectLab(name: string): Promise<Lab> {
  return openLab(createRuntime(), name);
}
