import type { TrafficClass } from '../docker/link-accounting.js';
import { cidrContains, parseCidr, parseIpv4 } from '../topology/addressing.js';
import type { LabPlan } from '../topology/plan.js';
import type { Workload } from '../workload/model.js';
import type { WorkloadRun } from './run-workload.js';
import { wantedNetworks } from './trees.js';
import { unicastFanOutPackets } from './unicast-fan-out.js';

export type CompareMode = 'dense' | 'sparse';

/** One mode's run reduced to the figures a comparison shows. */
export interface ModeSummary {
  mode: CompareMode;
  /** Multicast data packets and bytes on all networks, as the bridges counted them. */
  dataPackets: number;
  dataBytes: number;
  /** What unicast fan-out would put on the networks for the same deliveries (the same in every mode). */
  unicastFanOutPackets: number;
  /** Data of a group on a network that is on none of the group's distribution trees. */
  wastedPackets: number;
  /** IGMP and PIM packets and bytes on all networks. */
  controlPackets: number;
  controlBytes: number;
  controlByClass: Partial<Record<TrafficClass, number>>;
  networks: { network: string; data: number; wasted: number; control: number }[];
  /** Join → first datagram at the member. */
  joinLatencyMs: { p50: number | null; max: number | null; missed: number };
  received: number;
  duplicates: number;
  /** Routers' state entries once the run settled: totals over all routers, and the most on one. */
  routerState: { sg: number; starG: number; sgRpt: number; maxPerRouter: number };
  /** Per network without sources: data the bridge counted vs data routers said they forwarded onto it. */
  agreement: { network: string; bridge: number; routers: number }[];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

export function summarizeRun(
  mode: CompareMode,
  plan: LabPlan,
  workload: Workload,
  run: WorkloadRun,
): ModeSummary {
  const networkOf = hostNetworks(plan);
  const whole = run.counters.filter((c) => c.group === undefined);
  const onNetwork = groupBy(whole, (c) => c.network);
  const wastedOn = unwantedData(mode, plan, workload, run);
  const networks = plan.networks.map(({ name }) => {
    const counters = onNetwork.get(name) ?? [];
    return {
      network: name,
      data: counters.find((c) => c.class === 'data')?.packets ?? 0,
      wasted: wastedOn.get(name) ?? 0,
      control: sum(counters.filter((c) => c.class !== 'data').map((c) => c.packets)),
    };
  });
  const forwardedOnto = groupBy(run.forwarded, (f) => f.network);
  const control = whole.filter((c) => c.class !== 'data');
  const controlByClass: Partial<Record<TrafficClass, number>> = {};
  for (const c of control) controlByClass[c.class] = (controlByClass[c.class] ?? 0) + c.packets;
  const latencies = run.joins
    .flatMap((j) => (j.latencyMs === null ? [] : [j.latencyMs]))
    .sort((a, b) => a - b);
  const sourceNetworks = new Set(workload.sources.map((s) => networkOf(s.host)));
  return {
    mode,
    dataPackets: sum(networks.map((n) => n.data)),
    dataBytes: sum(whole.filter((c) => c.class === 'data').map((c) => c.bytes)),
    unicastFanOutPackets: unicastFanOutPackets(plan, workload),
    wastedPackets: sum(networks.map((n) => n.wasted)),
    controlPackets: sum(control.map((c) => c.packets)),
    controlBytes: sum(control.map((c) => c.bytes)),
    controlByClass,
    networks,
    joinLatencyMs: {
      p50: latencies.length ? (latencies[Math.floor((latencies.length - 1) / 2)] ?? null) : null,
      max: latencies.at(-1) ?? null,
      missed: run.joins.length - latencies.length,
    },
    routerState: {
      sg: sum(run.state.map((r) => r.sg)),
      starG: sum(run.state.map((r) => r.starG)),
      sgRpt: sum(run.state.map((r) => r.sgRpt)),
      maxPerRouter: Math.max(0, ...run.state.map((r) => r.sg + r.starG + r.sgRpt)),
    },
    received: sum(run.delivered.map((d) => d.received)),
    duplicates: sum(run.delivered.map((d) => d.duplicates)),
    agreement: networks
      .filter((n) => !sourceNetworks.has(n.network))
      .map((n) => ({
        network: n.network,
        bridge: n.data,
        routers: sum((forwardedOnto.get(n.network) ?? []).map((f) => f.packets)),
      })),
  };
}

/**
 * Data of each group on networks that are on none of its trees for the members of the moment: between
 * two samples, the members are those that were members at any time in between (so data right after a
 * join is wanted, and what still flows to a member that left, after the interval it left in, is not).
 */
function unwantedData(
  mode: CompareMode,
  plan: LabPlan,
  workload: Workload,
  run: WorkloadRun,
): Map<string, number> {
  const networkOf = hostNetworks(plan);
  // Each sample's per-group data counters by `${network} ${group}`.
  const samples = run.samples.map(({ t, counters }) => ({
    t,
    packets: new Map(
      counters.filter((c) => c.group !== undefined).map((c) => [`${c.network} ${c.group}`, c.packets]),
    ),
  }));
  const wasted = new Map<string, number>();
  for (const group of new Set(workload.sources.map((s) => s.group))) {
    // Sparse mode's data may also take the RP tree of its group's RP.
    const rp = mode === 'sparse' ? rpFor(plan, group) : undefined;
    const sources = workload.sources.filter((s) => s.group === group).map((s) => networkOf(s.host));
    for (let i = 1; i < samples.length; i++) {
      const [before, after] = [samples[i - 1], samples[i]];
      if (!before || !after) continue;
      const members = workload.members
        .filter((m) => m.group === group && m.join < after.t && (m.leave === undefined || before.t < m.leave))
        .map((m) => networkOf(m.host));
      const wanted = wantedNetworks(plan, { sources, members }, rp);
      for (const { name } of plan.networks) {
        if (wanted.has(name)) continue;
        const key = `${name} ${group}`;
        const delta = (after.packets.get(key) ?? 0) - (before.packets.get(key) ?? 0);
        if (delta > 0) wasted.set(name, (wasted.get(name) ?? 0) + delta);
      }
    }
  }
  return wasted;
}

/** Each host's network, by host name. */
function hostNetworks(plan: LabPlan): (host: string) => string {
  const networks = new Map(plan.nodes.map((n) => [n.name, n.interfaces[0]?.network ?? '']));
  return (host) => networks.get(host) ?? '';
}

/** The router serving `group`: the longest matching range, as sparse mode picks it. */
function rpFor(plan: LabPlan, group: string): string | undefined {
  const address = parseIpv4(group) ?? 0;
  return plan.rps
    .map((rp) => ({ rp, range: parseCidr(rp.groups) }))
    .filter(({ range }) => range && cidrContains(range, address))
    .sort((a, b) => (b.range?.prefix ?? 0) - (a.range?.prefix ?? 0))[0]?.rp.router;
}
