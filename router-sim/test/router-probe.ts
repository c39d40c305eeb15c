import type { IgmpInterfaceView, MrouteView } from '../../common/router-views.js';
import type { TestLab } from '../../lab/test/lab-fixture.js';
import type { IgmpTimers } from '../igmp/timers.js';

/** Reads a router's state the way users do: through its control socket's `show` views. */
export const showIgmp = (lab: TestLab, router: string) =>
  lab.agent<IgmpInterfaceView[]>(router, 'show', { view: 'igmp' });
export const showMroute = (lab: TestLab, router: string) =>
  lab.agent<MrouteView[]>(router, 'show', { view: 'mroute' });

export const hasGroup = (views: IgmpInterfaceView[], network: string, group: string) =>
  views.find((v) => v.network === network)?.groups.some((g) => g.group === group) ?? false;

/** Packets the node's eth0 has received so far (kernel link counters). */
export async function rxPackets(lab: TestLab, node: string): Promise<number> {
  const { stdout } = await lab.exec(node, ['ip', '-j', '-s', 'link', 'show', 'eth0']);
  return (JSON.parse(stdout) as { stats64: { rx: { packets: number } } }[])[0]?.stats64.rx.packets ?? 0;
}

export type GroupStats = { groups: Record<string, { received: number; duplicates: number }> };
export const received = async (lab: TestLab, node: string, group: string) =>
  (await lab.agent<GroupStats>(node, 'stats')).groups[group]?.received ?? 0;

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
