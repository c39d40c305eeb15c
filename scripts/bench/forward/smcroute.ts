import { mkdir, rm, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { pollUntil } from '../../../common/poll.js';
import type { Lab } from './labs.js';
import { GROUP } from './traffic.js';

/** Why smcroute cannot run here (no mroute API, or no smcrouted), or undefined when it can. */
export async function smcrouteMissing(noMroute: string | undefined): Promise<string | undefined> {
  return (
    noMroute ??
    ((await execa('sh', ['-c', 'command -v smcrouted'], { reject: false })).exitCode === 0
      ? undefined
      : 'smcrouted is not installed (scripts/setup installs it)')
  );
}

/** smcroute (from the host, in r1's namespace) holding a static (S,G) route; stopped by the returned function. */
export async function startSmcroute(lab: Lab) {
  const lan1 = lab.r1If('lan1');
  const lan2 = lab.r1If('lan2');
  const dir = `/tmp/mcast-lab-bench-${lab.client.name}`;
  await mkdir(dir, { recursive: true });
  await writeFile(
    `${dir}/smcroute.conf`,
    `phyint ${lan1} enable\nphyint ${lan2} enable\nmroute from ${lan1} source ${lab.client.address('h1')} group ${GROUP} to ${lan2}\n`,
  );
  const daemon = execa(
    'nsenter',
    [
      '-t',
      String(await lab.pid('r1')),
      '-n',
      'smcrouted',
      '-n',
      '-N',
      '-f',
      `${dir}/smcroute.conf`,
      '-u',
      `${dir}/sock`,
      '-P',
      `${dir}/pid`,
      '-l',
      'err',
    ],
    { reject: false },
  );
  const stop = async () => {
    daemon.kill();
    await daemon;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(
      () => lab.netns('r1', ['ip', 'mroute', 'show']),
      (routes) => routes.includes(GROUP),
      { what: `smcroute's route for ${GROUP} in r1`, timeoutMs: 10_000, intervalMs: 50 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
