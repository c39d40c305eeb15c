import { setTimeout as sleep } from 'node:timers/promises';
import type { InterfaceView } from '../../common/router-views.js';
import type { LabClient } from '../docker/lab-client.js';
import { type LinkCounter, readLinkCounters } from '../docker/link-accounting.js';
import type { Workload } from '../workload/model.js';
import { countState, type PimStateList, type RouterStateCount } from './router-state.js';

/** What one run of a workload on a lab measured. */
export interface WorkloadRun {
  /** Cumulative bridge data counters, sampled through the run; `t` in seconds from its start. */
  samples: { t: number; counters: LinkCounter[] }[];
  /** The bridges' counters once the run settled. */
  counters: LinkCounter[];
  /** Each router's own count of data packets it forwarded onto each network (kernel VIF counters). */
  forwarded: { router: string; network: string; packets: number }[];
  /** Each member's agent: datagrams received and duplicates, per group. */
  delivered: { host: string; group: string; received: number; duplicates: number }[];
  /** Host join → first datagram of the group at that host; null if none came before it left or the end. */
  joins: { host: string; group: string; at: number; latencyMs: number | null }[];
  /** Each PIM router's state entries once the run settled. */
  state: RouterStateCount[];
  seconds: number;
}

export interface RunOptions {
  /** Between counter samples. */
  sampleMs?: number;
  /** After the workload's end, before the last readings: let the last packets land. */
  settleMs?: number;
  /** Routers running PIM, whose state entries are counted at the end. */
  pimRouters?: string[];
  /** Seconds into the run, for progress bars. */
  onTick?: (t: number) => void;
}

/** Samples keep only the data counters the timeline draws. */
const dataOnly = (counters: LinkCounter[]) => counters.filter((c) => c.class === 'data');

type Stats = { groups: Record<string, { received: number; duplicates: number }> };
const received = async (lab: LabClient, host: string, group: string) =>
  (await lab.agent<Stats>(host, 'stats')).groups[group]?.received ?? 0;

/**
 * Plays a workload on a running lab in real time: sources send through their agents, members join and
 * leave on cue, bridge counters are sampled all along, then routers' and agents' counters are read.
 */
export async function runWorkload(
  lab: LabClient,
  workload: Workload,
  options: RunOptions = {},
): Promise<WorkloadRun> {
  const { sampleMs = 500, settleMs = 1_500 } = options;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const at = (seconds: number) => sleep(Math.max(0, seconds * 1000 - (performance.now() - started)));

  const samples: WorkloadRun['samples'] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push({ t: elapsed(), counters: dataOnly(await readLinkCounters(lab.name)) });
      options.onTick?.(Math.min(elapsed(), workload.duration));
      await sleep(sampleMs);
    }
  })();

  const sources = workload.sources.map(async (source) => {
    await at(source.start);
    const count = Math.max(1, Math.round(source.rate * (source.stop - source.start)));
    await lab.agent(
      source.host,
      'send',
      { group: source.group, count, size: source.size, rate: source.rate },
      (source.stop - source.start) * 1000 + 30_000,
    );
  });
  const joins = workload.members.map(async (member) => {
    await at(member.join);
    const before = await received(lab, member.host, member.group);
    const joined = performance.now();
    await lab.agent(member.host, 'join', { group: member.group });
    const until = (member.leave ?? workload.duration) * 1000;
    let latencyMs: number | null = null;
    while (performance.now() - started < until) {
      if ((await received(lab, member.host, member.group)) > before) {
        latencyMs = performance.now() - joined;
        break;
      }
      await sleep(10);
    }
    if (member.leave !== undefined) {
      await at(member.leave);
      await lab.agent(member.host, 'leave', { group: member.group });
    }
    return { host: member.host, group: member.group, at: member.join, latencyMs };
  });

  const [, joinResults] = await Promise.all([
    Promise.all(sources),
    Promise.all(joins),
    at(workload.duration),
  ]);
  await sleep(settleMs);
  sampling = false;
  await sampler;
  const counters = await readLinkCounters(lab.name);
  samples.push({ t: elapsed(), counters: dataOnly(counters) });

  const routers = lab.inspection.nodes.filter((n) => n.kind === 'router');
  const forwarded = (
    await Promise.all(
      routers.map(async (router) =>
        (
          await lab.agent<InterfaceView[]>(router.name, 'show', { view: 'interfaces' })
        ).map((view) => ({
          router: router.name,
          network: view.network,
          packets: view.packetsOut,
        })),
      ),
    )
  ).flat();
  const members = [...new Map(workload.members.map((m) => [`${m.host} ${m.group}`, m])).values()];
  const delivered = await Promise.all(
    members.map(async ({ host, group }) => {
      const stats = (await lab.agent<Stats>(host, 'stats')).groups[group];
      return { host, group, received: stats?.received ?? 0, duplicates: stats?.duplicates ?? 0 };
    }),
  );
  const state = await Promise.all(
    (options.pimRouters ?? []).map(async (router) =>
      countState(router, await lab.agent<PimStateList>(router, 'show', { view: 'pim-state' })),
    ),
  );
  return { samples, counters, forwarded, delivered, joins: joinResults, state, seconds: elapsed() };
}
