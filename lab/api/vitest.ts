import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { TEST_LAB_PREFIX } from '../docker/names.js';
import { deployLab, uniqueLabName } from './deploy-lab.js';
import { guardLab, sweepOrphans } from './guard.js';
import type { Lab } from './lab.js';
import { describeHealth } from './node-health.js';
import { loadTopology, type TopologySource } from './topology.js';

export { TEST_LAB_PREFIX };

/** Deploying waits for every daemon; a big topology on a small machine takes a while. */
const DEPLOY_TIMEOUT_MS = 180_000;

export interface UseLabOptions {
  /** One lab for the whole file (default), or a fresh one for each test. */
  per?: 'file' | 'test';
}

/**
 * A lab for the tests of this file: deployed before them, destroyed after them — also when a test
 * fails, and by a reaper when the run is interrupted (Ctrl-C) or killed. Labs left by an earlier run
 * are swept first. `MCAST_LAB_KEEP=1` keeps the lab for a look (`mcast-lab destroy --lab NAME` after).
 * A failed test prints the state of every node (a stopped one with its exit code and last log lines).
 *
 * The returned lab is usable inside tests and hooks, once deployed.
 */
export function useLab(topology: TopologySource, options: UseLabOptions = {}): Lab {
  let current: { lab: Lab; release: () => void } | undefined;
  const up = async () => {
    await sweepOrphans(TEST_LAB_PREFIX);
    const name = uniqueLabName(`${TEST_LAB_PREFIX}${(await loadTopology(topology)).name}`);
    const release = await guardLab(name);
    current = { lab: await deployLab(topology, { name }), release };
  };
  const down = async () => {
    if (!current) return;
    const { lab, release } = current;
    current = undefined;
    if (process.env.MCAST_LAB_KEEP === '1') {
      process.stderr.write(
        `mcast-lab: kept lab ${lab.name} (MCAST_LAB_KEEP=1); remove it with: npx mcast-lab destroy --lab ${lab.name}\n`,
      );
    } else await lab.destroy();
    release();
  };
  if (options.per === 'test') {
    beforeEach(up, DEPLOY_TIMEOUT_MS);
    afterEach(down, DEPLOY_TIMEOUT_MS);
  } else {
    beforeAll(up, DEPLOY_TIMEOUT_MS);
    afterAll(down, DEPLOY_TIMEOUT_MS);
  }
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => {
      if (!current) return;
      const { lab } = current;
      process.stderr.write(
        `mcast-lab: lab ${lab.name} when the test failed:\n${describeHealth(await lab.health())}\n`,
      );
    });
  });
  return new Proxy({} as Lab, {
    get(_, key) {
      if (!current) throw new Error('the lab is deployed before the tests: use it inside a test or hook');
      const value = Reflect.get(current.lab, key, current.lab);
      return typeof value === 'function' ? value.bind(current.lab) : value;
    },
  });
}
