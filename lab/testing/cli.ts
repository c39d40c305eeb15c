import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** Runs the built CLI as a user would, never throwing on a non-zero exit. */
export const CLI = fileURLToPath(new URL('../../dist/lab/cli/main.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export function mcastLab(...args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, cwd: REPO, env: { FORCE_COLOR: '0' } });
}

export async function mcastLabJson<T = unknown>(...args: string[]): Promise<T> {
  const result = await mcastLab(...args, '--json');
  if (result.exitCode !== 0)
    throw new Error(`mcast-lab ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
