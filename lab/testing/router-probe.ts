import { type PollTiming, pollUntil } from '../../common/poll.js';
import type { IgmpInterfaceView, MrouteView } from '../../common/router-views.js';
import type { IgmpTimers } from '../../router-sim/igmp/timers.js';
import { waitForPimNeighbors } from '../compare/pim-neighbors.js';
import type { TestLab } from './lab-fixture.js';

/** Reads a router's state the way users do: through its control socket's `show` views. */
export const showIgmp = (lab: TestLab, router: string) =>
  lab.agent<IgmpInterfaceView[]>(router, 'show', { view: 'igmp' });
export const showMroute = (lab: TestLab, router: string) =>
  lab.agent<MrouteView[]>(router, 'show', { view: 'mroute' });

/**
 * Waits until every router of the lab lists every other router as a PIM neighbor on each network they
 * share (fails naming the router and interface still missing one); returns each router's view.
 */
export const pimNeighborsUp = (lab: TestLab) =>
  waitForPimNeighbors(
    lab,
    lab.inspection.nodes.filter((n) => n.kind === 'router'),
  );

export const hasGroup = (views: IgmpInterfaceView[], network: string, group: string) =>
  views.find((v) => v.network === network)?.groups.some((g) => g.group === group) ?? false;

/**
 * Waits until the router's IGMP lists `group` as having members on `network` or, with `listed: false`,
 * until it no longer does (a leave takes Last Member Query Time); returns its IGMP view then.
 */
export const groupListed = (
  lab: TestLab,
  router: string,
  network: string,
  group: string,
  { listed = true, ...timing }: PollTiming & { listed?: boolean } = {},
) =>
  pollUntil(
    () => showIgmp(lab, router),
    (views) => hasGroup(views, network, group) === listed,
    {
      what: `${router} to ${listed ? 'list' : 'drop'} ${group} on ${network}`,
      lastSeen: (views) => views.find((v) => v.network === network),
      ...timing,
    },
  );

/**
 * A snooping bridge floods every group until it has known a querier for the querier's Max Response
 * Time. The bridge may miss the very first startup query (sent while the container's ports come up),
 * so allow one Startup Query Interval on top; only then do non-member ports stop carrying a group.
 */
export async function snoopingSettled(lab: TestLab, router: string, timers: IgmpTimers): Promise<void> {
  const { uptimeMs } = await lab.agent<{ uptimeMs: number }>(router, 'status');
  const settleMs = timers.startupQueryInterval + timers.queryResponseInterval + 500 - uptimeMs;
  if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
}
