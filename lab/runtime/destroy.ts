import { readdir, rm } from 'node:fs/promises';
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
  await Promise.all(networks.map((n) => removeQuietly(() => ctx.docker.getNetwork(n.Id).remove())));
  const firewallRules = await removeLabRules('lab' in target ? target.lab : undefined);
  const nftTables = await deleteLabTables('lab' in target ? target.lab : undefined);

  const runDirs = 'lab' in target ? labs : await readdir(ctx.runDir).catch(() => []);
  await Promise.all(runDirs.map((lab) => rm(labRunDir(ctx, lab), { recursive: true, force: true })));
  return { labs, containers: containers.length, networks: networks.length, firewallRules, nftTables };
}

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
