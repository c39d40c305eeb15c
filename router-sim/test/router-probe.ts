import type { IgmpInterfaceView, MrouteView } from '../../common/router-views.js';
import type { TestLab } from '../../lab/test/lab-fixture.js';

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

export type GroupStats = { groups: Record<string, { received: number }> };
export const received = async (lab: TestLab, node: string, group: string) =>
  (await lab.agent<GroupStats>(node, 'stats')).groups[group]?.received ?? 0;
