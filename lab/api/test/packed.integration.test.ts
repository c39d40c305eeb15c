import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { createRuntime } from '../../docker/context.js';
import { listLabs } from '../../docker/labs.js';
import { REPO } from '../../testing/cli.js';

/**
 * README "Test your own protocol", as a new user follows it: a new project outside the repository, the
 * packed package installed into it, the README's files written there word for word, `npx vitest run`.
 */
const project = await mkdtemp(join(tmpdir(), 'mcast-lab-user-'));
afterAll(() => rm(project, { recursive: true, force: true }));

/** The files the README's section shows: a `name` and what it is, then its code block. */
async function readmeFiles(): Promise<Record<string, string>> {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Test your own protocol'),
    readme.indexOf('## Topology format'),
  );
  const files: Record<string, string> = {};
  for (const [, name, body] of section.matchAll(/^`([\w./-]+)`[^`]*?:\n\n```\w+\n([\s\S]*?)```/gm))
    if (name && body) files[name] = body;
  return files;
}

it('installs from the packed package and runs the README test green, leaving no lab', async () => {
  const files = await readmeFiles();
  expect(Object.keys(files).sort()).toEqual(['receive.test.ts', 'receiver/receive.mjs', 'topology.yaml']);
  const { stdout: tarball } = await execa('npm', ['pack', '--pack-destination', project, '--silent'], {
    cwd: REPO,
  });
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'my-protocol', private: true, type: 'module' }),
  );
  // vitest as the repository has it, from npm's cache when it is there.
  const vitest = JSON.parse(await readFile(join(REPO, 'node_modules/vitest/package.json'), 'utf8')).version;
  await execa(
    'npm',
    ['i', '-D', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball.trim()}`, `vitest@${vitest}`],
    {
      cwd: project,
    },
  );
  for (const [name, body] of Object.entries(files)) {
    await mkdir(dirname(join(project, name)), { recursive: true });
    await writeFile(join(project, name), body);
  }
  const run = await execa('npx', ['vitest', 'run'], {
    cwd: project,
    reject: false,
    all: true,
    env: { FORCE_COLOR: '0' },
  });
  expect(run.exitCode, run.all).toBe(0);
  expect(run.all).toMatch(/1 passed/);
  const labs = (await listLabs(createRuntime())).map((l) => l.name);
  expect(labs.filter((name) => name.startsWith('test-my-protocol'))).toEqual([]);
});
