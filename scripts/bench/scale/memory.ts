import { readdir, readFile } from 'node:fs/promises';
import type { RuntimeContext } from '../../../lab/docker/context.js';

/** What nodes cost in memory: the resident set of each container's processes, and the host's used memory. */

/** The host's used memory in bytes: MemTotal less MemAvailable (what the kernel could not hand out at once). */
export async function hostUsedBytes(): Promise<number> {
  const meminfo = await readFile('/proc/meminfo', 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo)?.[1] ?? 0);
  return (kib('MemTotal') - kib('MemAvailable')) * 1024;
}

/**
 * Per container: the summed resident set of its init process and everything under it (the daemon,
 * tcpdump…), `VmRSS` in all or only `RssAnon`, the private memory (file pages such as Node.js's own
 * binary are shared between containers).
 */
export async function containerRss(
  ctx: RuntimeContext,
  containers: string[],
  field: 'VmRSS' | 'RssAnon' = 'VmRSS',
): Promise<number[]> {
  const children = await processTree();
  return Promise.all(
    containers.map(async (name) => {
      const { State } = await ctx.docker.getContainer(name).inspect();
      const pids = [State.Pid];
      for (const pid of pids) pids.push(...(children.get(pid) ?? []));
      const rss = await Promise.all(pids.map((pid) => statusBytes(pid, field)));
      return rss.reduce((sum, bytes) => sum + bytes, 0);
    }),
  );
}

/** Every process's children, from /proc/PID/stat (field 4 is the parent, after the parenthesised name). */
async function processTree(): Promise<Map<number, number[]>> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!parent) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  return children;
}

async function statusBytes(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
}

/** Mean and largest, in MiB. */
export function summarize(bytes: number[]): { meanMiB: number; maxMiB: number } {
  const mib = bytes.map((b) => b / 2 ** 20);
  return {
    meanMiB: mib.reduce((a, b) => a + b, 0) / Math.max(1, mib.length),
    maxMiB: Math.max(0, ...mib),
  };
}
