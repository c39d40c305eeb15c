import { pollUntil } from '../../common/poll.js';
import type { PimNeighborsView } from '../../common/router-views.js';
import type { LabClient } from '../docker/lab-client.js';

/** A PIM router as the wait needs it (a `PlannedNode` or an `InspectedNode` will do). */
export interface PimRouter {
  name: string;
  interfaces: readonly { network: string; address: string }[];
}

/** What a router lacked when last asked: on one of its networks, the routers it has not heard from. */
export interface PimShortfall {
  router: string;
  network?: string;
  interface?: string;
  /** Routers on the network with no neighbor entry yet, as `name address`. */
  missing?: string[];
  /** The neighbors it does list there. */
  neighbors?: string[];
  /** Its control socket did not answer `show pim-neighbors`. */
  error?: string;
}

/**
 * What the routers are missing for PIM to be up: every router must list, on each of its networks, a
 * neighbor at the address of every other router on that network. Empty when they all do.
 */
export function pimShortfalls(
  routers: readonly PimRouter[],
  views: ReadonlyMap<string, PimNeighborsView[] | Error>,
): PimShortfall[] {
  const shortfalls: PimShortfall[] = [];
  for (const router of routers) {
    const seen = views.get(router.name);
    if (seen === undefined || seen instanceof Error) {
      shortfalls.push({ router: router.name, error: seen?.message ?? 'not asked' });
      continue;
    }
    for (const { network } of router.interfaces) {
      const peers = routers.flatMap((other) =>
        other.name === router.name
          ? []
          : other.interfaces.filter((i) => i.network === network).map((i) => ({ ...i, name: other.name })),
      );
      if (peers.length === 0) continue;
      const view = seen.find((v) => v.network === network);
      const neighbors = view?.neighbors.map((n) => n.address) ?? [];
      const missing = peers.filter((p) => !neighbors.includes(p.address));
      if (view && missing.length === 0) continue;
      shortfalls.push({
        router: router.name,
        network,
        interface: view?.interface ?? '(no PIM interface)',
        missing: missing.map((p) => `${p.name} ${p.address}`),
        neighbors,
      });
    }
  }
  return shortfalls;
}

/**
 * Waits until PIM is up between the given routers (see {@link pimShortfalls}) and returns each one's
 * `show pim-neighbors` view. Fails after `timeoutMs` naming each router and interface still missing a
 * neighbor, and whom it lists there.
 */
export async function waitForPimNeighbors(
  lab: Pick<LabClient, 'agent'>,
  routers: readonly PimRouter[],
  { timeoutMs = 30_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<Map<string, PimNeighborsView[]>> {
  const probe = async () => {
    const views = new Map<string, PimNeighborsView[] | Error>();
    await Promise.all(
      routers.map(async (router) => {
        const view = await lab
          .agent<PimNeighborsView[]>(router.name, 'show', { view: 'pim-neighbors' })
          .catch((err: Error) => err);
        views.set(router.name, view);
      }),
    );
    return { views, shortfalls: pimShortfalls(routers, views) };
  };
  const { views } = await pollUntil(probe, ({ shortfalls }) => shortfalls.length === 0, {
    what: `PIM neighbors between ${routers.map((r) => r.name).join(', ')} (each router listing every other router on each of its networks)`,
    timeoutMs,
    intervalMs,
    lastSeen: ({ shortfalls }) => shortfalls,
  });
  return new Map([...views].flatMap(([name, view]) => (view instanceof Error ? [] : [[name, view]])));
}
