import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '../../../common/poll.js';
import type { RuntimeContext } from '../../../lab/docker/context.js';
import type { LabClient } from '../../../lab/docker/lab-client.js';
import { checkDeliveries } from '../../../node-agent/check/checker.js';
import type { Ordering, Reliability } from '../../../node-agent/group-types/options.js';
import type { GroupStats } from '../../../node-agent/group-types/stats.js';
import { agentCpuSeconds, clearDeliveryLogs, deliveryLogs, HOSTS, wireBytes } from './lab.js';

export interface Config {
  reliability: Reliability;
  ordering: Ordering;
}

export interface Workload {
  senders: readonly string[];
  size: number;
  /** Seconds of sending as fast as the protocol lets it. */
  seconds: number;
  /** Then, one sender at this many messages per second for latency (0: skip). */
  pacedRate: number;
  pacedSeconds: number;
}

export interface Measured {
  /** Messages per second delivered at the slowest member that does not send (all senders together). */
  messagesPerSecond: number;
  /** The same, averaged over the members that do not send. */
  meanMessagesPerSecond: number;
  deliveredShare: number;
  latencyMs?: { p50: number; p99: number; p999: number };
  wireBytesPerDelivered: number;
  cpuPer1000: number;
  retransmissions: number;
  /** Violations the checker found in the delivery logs (a run with any is a failed run). */
  violations: string[];
}

type Stats = { groups: Record<string, GroupStats> };

/** A member timeout (1 s) and a margin: how long after joining a member may send to a total order. */
const SETTLE_MS = 1_200;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * One configuration on the lab: every host joins `group`; the senders send as fast as the protocol lets
 * them for `seconds`; once every member has delivered everything (reliable) or nothing more arrives
 * (best-effort), the delivery logs are checked and measured; then latency at a fixed rate.
 */
export async function measureAgents(
  ctx: RuntimeContext,
  lab: LabClient,
  config: Config,
  workload: Workload,
  group: string,
): Promise<Measured> {
  await clearDeliveryLogs(ctx);
  const joinedAt = Date.now();
  for (const host of HOSTS) await lab.agent(host, 'join_group', { group, ...config });
  // Total orders need a settled membership: every member has heard every other, and has been a member
  // for a member timeout (the sequencer takes its role only then).
  await pollUntil(
    () =>
      Promise.all(
        HOSTS.map(
          async (h) => (await lab.agent<{ members: string[] }>(h, 'query_membership', { group })).members,
        ),
      ),
    (lists) => lists.every((members) => members.length === HOSTS.length),
    { what: `every host to see all ${HOSTS.length} members of ${group}`, timeoutMs: 10_000 },
  );
  await sleep(Math.max(0, joinedAt + SETTLE_MS - Date.now()));
  const delivered = async () =>
    Promise.all(HOSTS.map(async (h) => (await lab.agent<Stats>(h, 'stats')).groups[group]?.delivered ?? 0));
  const settle = async (perMember: number) => {
    let last = -1;
    await pollUntil(
      async () => {
        const now = (await delivered()).reduce((a, b) => a + b, 0);
        const stalled = now === last;
        last = now;
        return { now, stalled };
      },
      ({ now, stalled }) =>
        now >= perMember * HOSTS.length || (config.reliability === 'best-effort' && stalled),
      {
        what: `${perMember} messages delivered at each member of ${group} (${config.reliability}/${config.ordering}; total so far)`,
        timeoutMs: 120_000,
        intervalMs: 500,
        lastSeen: ({ now }) => now,
      },
    );
  };

  const cpuBefore = await agentCpuSeconds(lab);
  const bytesBefore = await wireBytes(lab);
  const startedAt = Date.now();
  const sends = await Promise.all(
    workload.senders.map((host) =>
      lab.agent<{ sent: number }>(
        host,
        'send_to_group',
        { group, seconds: workload.seconds, size: workload.size, ...config },
        workload.seconds * 1000 + 120_000,
      ),
    ),
  );
  const sent = sends.reduce((n, s) => n + s.sent, 0);
  await settle(sent);
  if (config.reliability === 'best-effort') await sleep(300); // stragglers
  const cpu = (await agentCpuSeconds(lab)) - cpuBefore;
  const bytes = (await wireBytes(lab)) - bytesBefore;
  const logs = await deliveryLogs(ctx);
  const violations = checkDeliveries(logs, {
    ...config,
    group,
    sent: Object.fromEntries(workload.senders.map((host, i) => [host, sends[i]?.sent ?? 0])),
    limit: 5,
  }).map((v) => `${v.property}${v.node ? ` at ${v.node}` : ''}: ${v.detail}`);
  const listeners = HOSTS.filter((h) => !workload.senders.includes(h));
  const rates = listeners.map((h) => {
    const records = (logs[h] ?? []).filter((r) => r.group === group);
    const last = records.reduce((latest, r) => Math.max(latest, r.t), startedAt + 1);
    return records.length / ((last - startedAt) / 1000);
  });
  const total = HOSTS.reduce((n, h) => n + (logs[h] ?? []).filter((r) => r.group === group).length, 0);
  const stats = await Promise.all(HOSTS.map(async (h) => (await lab.agent<Stats>(h, 'stats')).groups[group]));
  const measured: Measured = {
    messagesPerSecond: Math.min(...rates),
    meanMessagesPerSecond: rates.reduce((a, b) => a + b, 0) / rates.length,
    deliveredShare: total / (sent * HOSTS.length),
    wireBytesPerDelivered: bytes / Math.max(1, total),
    cpuPer1000: (cpu / Math.max(1, total)) * 1000,
    retransmissions: stats.reduce((n, s) => n + (s?.retransmissions ?? 0), 0),
    violations,
  };
  if (workload.pacedRate > 0)
    measured.latencyMs = await pacedLatency(ctx, lab, config, workload, group, (paced) =>
      settle(sent + paced),
    );
  for (const host of HOSTS) await lab.agent(host, 'leave_group', { group });
  return measured;
}

/** One sender at `pacedRate`: the time from each send to its delivery at every other member. */
async function pacedLatency(
  ctx: RuntimeContext,
  lab: LabClient,
  config: Config,
  workload: Workload,
  group: string,
  settle: (pacedSent: number) => Promise<void>,
): Promise<Measured['latencyMs']> {
  const [sender = 'h0'] = workload.senders;
  const { size, pacedRate: rate, pacedSeconds: seconds } = workload;
  const paced = await lab.agent<{ sent: number; sentAt: Record<string, number> }>(
    sender,
    'send_to_group',
    { group, seconds, rate, size, times: true, ...config },
    seconds * 1000 + 60_000,
  );
  await settle(paced.sent);
  const logs = await deliveryLogs(ctx);
  const latencies = HOSTS.filter((h) => h !== sender)
    .flatMap((h) => logs[h] ?? [])
    .flatMap((r) => {
      const at = r.group === group && r.sender === sender ? paced.sentAt[String(r.seq)] : undefined;
      return at === undefined ? [] : [r.t - at];
    })
    .sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
  };
}
