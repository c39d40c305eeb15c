import { readdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RuntimeContext } from './context.js';
import { removeLabRules } from './firewall.js';
import { listLabs } from './labs.js';
import { LABEL_LAB, labRunDir } from './names.js';
import { deleteLabTables } from './nft-table.js';

export interface DestroyResult {
  labs: string[];
  containers: number;
  networks: number;
  firewallRules: number;
  /** nftables tables (impairments, partitions, traffic accounting). */
  nftTables: number;
}

export type DestroyTarget = { lab: string } | { all: true };

/**
 * Removes everything a lab owns, found by label: containers, networks, firewall rules, nftables
 * tables, run directory.
 * Idempotent: destroying what is not there succeeds and reports zeros.
 */
export async function destroyLabs(ctx: RuntimeContext, target: DestroyTarget): Promise<DestroyResult> {
  const labs = 'lab' in target ? [target.lab] : (await listLabs(ctx)).map((l) => l.name);
  const filters = { label: 'lab' in target ? [`${LABEL_LAB}=${target.lab}`] : [LABEL_LAB] };

  const containers = await ctx.docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      removeQuietly(() => ctx.docker.getContainer(c.Id).remove({ force: true, v: true })),
    ),
  );
  const networks = await ctx.docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => removeNetwork(ctx, n.Id)));
  const firewallRules = await removeLabRules('lab' in target ? target.lab : undefined);
  const nftTables = await deleteLabTables('lab' in target ? target.lab : undefined);

  const runDirs = 'lab' in target ? labs : await readdir(ctx.runDir).catch(() => []);
  await Promise.all(runDirs.map((lab) => rm(labRunDir(ctx, lab), { recursive: true, force: true })));
  return { labs, containers: containers.length, networks: networks.length, firewallRules, nftTables };
}

/**
 * Docker may still list an endpoint of a container it has just removed ("has active endpoints"):
 * disconnect whatever is left by force and try again, for a few seconds.
 */
async function removeNetwork(ctx: RuntimeContext, id: string): Promise<void> {
  const network = ctx.docker.getNetwork(id);
  for (let attempt = 1; ; attempt++) {
    try {
      return await removeQuietly(() => network.remove());
    } catch (err) {
      if (!/active endpoints/.test((err as Error).message)) throw err;
      const { Name, Containers = {} } = (await network.inspect()) as {
        Name: string;
        Containers?: Record<string, unknown>;
      };
      if (attempt === ENDPOINT_ATTEMPTS)
        throw new Error(
          `Docker keeps an endpoint on network ${Name} though ${Object.keys(Containers).length} containers use it ` +
            '(an engine bug: stale endpoints); restarting the Docker engine clears it',
        );
      await Promise.all(
        Object.keys(Containers).map((container) =>
          removeQuietly(() => network.disconnect({ Container: container, Force: true })),
        ),
      );
      await sleep(ENDPOINT_RETRY_MS);
    }
  }
}
const ENDPOINT_ATTEMPTS = 20;
const ENDPOINT_RETRY_MS = 250;

/** Something else (a parallel destroy, auto-removal) may have removed the object first: that is success. */
async function removeQuietly(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (err) {
    const { statusCode, message } = err as { statusCode?: number; message?: string };
    const gone = statusCode === 404 || (statusCode === 409 && /already in progress/.test(message ?? ''));
    if (!gone) throw err;
  }
}
