import { createRuntime } from '../docker/context.js';
import { destroyLabs } from '../docker/destroy.js';
import { listLabs } from '../docker/labs.js';
import { TEST_LAB_PREFIX } from './lab-fixture.js';

/** vitest global setup: remove test labs an earlier, interrupted run left behind (found by label). */
export default async function sweepStaleTestLabs(): Promise<void> {
  const ctx = createRuntime();
  const stale = (await listLabs(ctx)).filter((lab) => lab.name.startsWith(TEST_LAB_PREFIX));
  // One lab that cannot go (the engine's stale endpoints) must not fail every later run.
  for (const lab of stale)
    await destroyLabs(ctx, { lab: lab.name }).catch((error: Error) =>
      process.stderr.write(`sweep: lab ${lab.name} stays: ${error.message}\n`),
    );
}
