import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { controlRequest } from '../../common/control/client.js';
import { loadValidTopology } from '../cli/load.js';
import { createRuntime } from '../runtime/context.js';
import { deployTopology } from '../runtime/deploy-topology.js';
import { destroyLabs } from '../runtime/destroy.js';
import { findNode } from '../runtime/find-node.js';
import { type InspectedNode, inspectLab, type LabInspection } from '../runtime/inspect.js';
import { inNetns } from '../runtime/netns.js';

/** Test labs are named `test-…` so a sweep can remove the ones an interrupted run left behind. */
export const TEST_LAB_PREFIX = 'test-';
export const testLabName = (base: string) => `${TEST_LAB_PREFIX}${base}-${randomBytes(2).toString('hex')}`;

export interface TestLab {
  name: string;
  inspection: LabInspection;
  node(name: string): InspectedNode;
  address(node: string): string;
  agent<T = unknown>(node: string, verb: string, args?: Record<string, unknown>): Promise<T>;
  exec(node: string, argv: string[]): ReturnType<typeof inNetns>;
}

/** Deploys a topology file before the file's tests and always destroys it after them. */
export function useLab(file: string, base: string): TestLab {
  const ctx = createRuntime();
  const name = testLabName(base);
  const lab = { name } as TestLab;
  beforeAll(async () => {
    await deployTopology(ctx, await loadValidTopology(file), { name });
    lab.inspection = await inspectLab(ctx, name);
  });
  afterAll(() => destroyLabs(ctx, { lab: name }));
  lab.node = (node) => {
    const found = lab.inspection.nodes.find((n) => n.name === node);
    if (!found) throw new Error(`no node ${node} in ${name}`);
    return found;
  };
  lab.address = (node) => lab.node(node).interfaces[0]?.address ?? '';
  lab.agent = async (node, verb, args = {}) =>
    (await controlRequest((await findNode(ctx, node, name)).controlSocket, verb, args)) as never;
  lab.exec = async (node, argv) => inNetns((await findNode(ctx, node, name)).pid, argv);
  return lab;
}

/** Polls `probe` until `accept` holds or the deadline passes; returns the last value either way. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
