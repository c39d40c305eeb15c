import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createRuntime } from '../docker/context.js';
import { deployTopology } from '../docker/deploy-topology.js';
import { destroyLabs } from '../docker/destroy.js';
import { connectLab, type LabClient } from '../docker/lab-client.js';
import { TEST_LAB_PREFIX } from '../docker/names.js';
import { loadValidTopology } from '../topology/parse.js';

export { TEST_LAB_PREFIX };
export const testLabName = (base: string) => `${TEST_LAB_PREFIX}${base}-${randomBytes(2).toString('hex')}`;

export type TestLab = LabClient;

/**
 * Deploys a topology file before the file's tests and always destroys it after them. The returned
 * object is filled in once deployed (use it inside tests, not at collection time).
 */
export function useLab(file: string, base: string): TestLab {
  const ctx = createRuntime();
  const name = testLabName(base);
  const lab = { name } as TestLab;
  beforeAll(async () => {
    await deployTopology(ctx, await loadValidTopology(file), { name });
    Object.assign(lab, await connectLab(ctx, name));
  });
  afterAll(() => destroyLabs(ctx, { lab: name }));
  return lab;
}

export { pollUntil, pollUntilOrTimeout } from '../../common/poll.js';

/** Packets the node's eth0 has received so far (kernel link counters: what reached the host at all). */
export async function rxPackets(lab: TestLab, node: string): Promise<number> {
  const { stdout } = await lab.exec(node, ['ip', '-j', '-s', 'link', 'show', 'eth0']);
  return (JSON.parse(stdout) as { stats64: { rx: { packets: number } } }[])[0]?.stats64.rx.packets ?? 0;
}

export type GroupStats = { groups: Record<string, { received: number; duplicates: number }> };

/** Datagrams of `group` the node's agent has received (a member's count; a non-member has none). */
export const received = async (lab: TestLab, node: string, group: string) =>
  (await lab.agent<GroupStats>(node, 'stats')).groups[group]?.received ?? 0;
