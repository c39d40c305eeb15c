import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../../common/poll.js';
import { createRuntime } from '../../docker/context.js';
import { listLabs } from '../../docker/labs.js';
import { REPO } from '../../testing/cli.js';

/**
 * The vitest fixture (mcast-lab/vitest) as a user runs it: vitest on an example's copy, inside the
 * repository so that `mcast-lab` resolves to the built package. The copies are broken or slowed on
 * purpose; what the fixture promises must hold all the same.
 */
const ctx = createRuntime();
const copies: string[] = [];
afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

async function copyExample(name: string): Promise<string> {
  const dir = await mkdtemp(join(REPO, 'dist', 'fixture-check-'));
  copies.push(dir);
  await cp(join(REPO, 'examples', name), dir, { recursive: true });
  // The user's own config, not the repository's projects.
  await writeFile(join(dir, 'vitest.config.mjs'), 'export default { test: { testTimeout: 180_000 } };\n');
  return dir;
}

const vitest = (dir: string, options: { detached?: boolean } = {}) =>
  execa(join(REPO, 'node_modules', '.bin', 'vitest'), ['run'], {
    cwd: dir,
    reject: false,
    env: { FORCE_COLOR: '0' },
    all: true,
    ...options,
  });

const testLabs = async () =>
  (await listLabs(ctx)).map((l) => l.name).filter((n) => n.startsWith('test-pim-state'));

describe('the vitest fixture', () => {
  it('fails the example when what it checks is broken, shows the nodes, and leaves no lab', async () => {
    const dir = await copyExample('pim-state');
    // No PIM: the routers still forward to members (IGMP), but hold no PIM state to assert on.
    const topology = join(dir, 'topology.yaml');
    await writeFile(topology, (await readFile(topology, 'utf8')).replace('pim: dense', 'pim: none'));
    const run = await vitest(dir);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toMatch(/runs no PIM \(pim: none in the topology\)/);
    expect(run.all).toMatch(/lab test-pim-state-[0-9a-f]{4} when the test failed:\n {2}r1: running/);
    expect(await testLabs()).toEqual([]);
  });

  it('destroys the lab when the run is interrupted (Ctrl-C) in the middle of a test', async () => {
    const dir = await copyExample('pim-state');
    await writeFile(
      join(dir, 'slow.test.ts'),
      [
        "import { useLab } from 'mcast-lab/vitest';",
        "import { it } from 'vitest';",
        "const lab = useLab(new URL('topology.yaml', import.meta.url).pathname);",
        "it('runs long', async () => { console.log('deployed', lab.name); await new Promise((r) => setTimeout(r, 120_000)); }, 180_000);",
      ].join('\n'),
    );
    await rm(join(dir, 'pim-state.test.ts'));
    // Its own process group, as a terminal runs it: Ctrl-C reaches the runner and its workers.
    const run = vitest(dir, { detached: true });
    let output = '';
    run.all?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await pollUntil(
      async () => output,
      (text) => text.includes('deployed test-pim-state'),
      {
        what: 'the slow test to deploy its lab',
        timeoutMs: 120_000,
        lastSeen: () => output.slice(-500),
      },
    );
    expect(await testLabs()).toHaveLength(1);
    process.kill(-(run.pid ?? 0), 'SIGINT');
    await run;
    await pollUntil(testLabs, (labs) => labs.length === 0, {
      what: 'the interrupted run’s lab to be gone',
      timeoutMs: 20_000,
    });
  });
});
