import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRuntime } from '../docker/context.js';
import { destroyLabs } from '../docker/destroy.js';
import { listLabs } from '../docker/labs.js';
import { labRunDir } from '../docker/names.js';

/**
 * The processes that own a guarded lab, in the lab's run directory: this one and its parent. A test
 * worker whose runner was stopped may live on, orphaned; the run is over all the same.
 */
const OWNER_FILE = 'owner.pid';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Makes this process the owner of `lab` and starts a reaper (reaper.ts) that destroys the lab if this
 * process dies before it does (Ctrl-C, a kill, a crash). Called before the lab is deployed, so that no
 * part of it is ever without an owner. Returns what stops the reaper when the lab is kept on purpose.
 */
export async function guardLab(lab: string): Promise<() => void> {
  const ctx = createRuntime();
  await mkdir(labRunDir(ctx, lab), { recursive: true });
  await writeFile(join(labRunDir(ctx, lab), OWNER_FILE), `${process.pid} ${process.ppid}`);
  const reaper = join(ctx.appRoot, 'dist', 'lab', 'api', 'reaper.js');
  const child = spawn(process.execPath, [reaper, lab], { detached: true, stdio: 'ignore' });
  child.unref();
  return () => child.kill();
}

/** Whether an owner of the lab is gone (true too for a lab without owners, or destroyed). */
export async function orphaned(lab: string): Promise<boolean> {
  const owners = await readFile(join(labRunDir(createRuntime(), lab), OWNER_FILE), 'utf8').catch(() => '');
  const pids = owners.split(' ').filter(Boolean).map(Number);
  return pids.length === 0 || !pids.every(alive);
}

/** Destroys the labs named `<prefix>…` whose owner is gone: what an earlier run could not clean up. */
export async function sweepOrphans(prefix: string): Promise<string[]> {
  const ctx = createRuntime();
  const stale: string[] = [];
  for (const { name } of await listLabs(ctx))
    if (name.startsWith(prefix) && (await orphaned(name))) stale.push(name);
  // One lab that cannot go (the engine's stale endpoints) must not fail every later run.
  for (const lab of stale)
    await destroyLabs(ctx, { lab }).catch((error: Error) =>
      process.stderr.write(`mcast-lab: stale lab ${lab} stays: ${error.message}\n`),
    );
  return stale;
}
