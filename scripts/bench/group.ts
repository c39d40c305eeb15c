import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '../../common/poll.js';
import { table } from '../../lab/report/table.js';
import { createRuntime } from '../../lab/runtime/context.js';
import { deployTopology } from '../../lab/runtime/deploy-topology.js';
import { destroyLabs } from '../../lab/runtime/destroy.js';
import { impair } from '../../lab/runtime/impairments.js';
import { connectLab, type LabClient } from '../../lab/runtime/lab-client.js';
import { nodeRunDir } from '../../lab/runtime/names.js';
import type { Topology } from '../../lab/topology/model.js';
import { readDeliveryLog } from '../../node-agent/check/read-log.js';
import type { Ordering, Reliability, TransportKind } from '../../node-agent/group/options.js';
import type { GroupStats } from '../../node-agent/group/stats.js';

/**
 * Group communication throughput and latency: one sender, eight receivers on two subnets behind one
 * router, 1,000 messages of 1 KB sent as fast as the protocol lets them go. For each ordering (NACK
 * reliability) next to best-effort in the same run, at 0 % and 1 % loss on both subnets; then bytes on
 * the wire per delivered message, IP multicast against unicast fan-out.
 */
const LAB = 'bench-group';
const SENDER = 'h0';
const RECEIVERS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'];
/** Throughput: this many messages as fast as the protocol lets them go. */
const COUNT = 1000;
/** Latency: this many more at a steady rate below every configuration's throughput. */
const PACED = 400;
const PACED_RATE = 200;
const SIZE = 1000;
const OUT = 'bench/results/group.json';

interface Config {
  reliability: Reliability;
  ordering: Ordering;
  transport: TransportKind;
}
const ORDERED: Config[] = [
  { reliability: 'best-effort', ordering: 'none', transport: 'ip-multicast' },
  ...(['none', 'fifo', 'causal', 'total-sequencer', 'total-isis'] as Ordering[]).map((ordering) => ({
    reliability: 'nack' as Reliability,
    ordering,
    transport: 'ip-multicast' as TransportKind,
  })),
  { reliability: 'ack', ordering: 'fifo', transport: 'ip-multicast' },
];
const TRANSPORTS: Config[] = (['ip-multicast', 'unicast'] as TransportKind[]).map((transport) => ({
  reliability: 'nack',
  ordering: 'fifo',
  transport,
}));

const topology: Topology = {
  name: LAB,
  defaults: {
    igmpVersion: 3,
    pim: 'none',
    sptThreshold: 'immediate',
    profile: 'fast',
    snooping: true,
    subnetPool: '10.100.0.0/16',
  },
  networks: [{ name: 'lan1' }, { name: 'lan2' }],
  routers: [{ name: 'r1', interfaces: [{ network: 'lan1' }, { network: 'lan2' }] }],
  hosts: [SENDER, ...RECEIVERS].map((name, i) => ({ name, network: i < 5 ? 'lan1' : 'lan2' })),
};

/** Bytes every node has put on the wire so far (kernel interface counters, all interfaces). */
async function wireBytes(lab: LabClient): Promise<number> {
  const totals = await Promise.all(
    lab.inspection.nodes.map(async (node) => {
      const { stdout } = await lab.exec(node.name, ['ip', '-j', '-s', 'link', 'show']);
      return (JSON.parse(stdout) as { ifname: string; stats64: { tx: { bytes: number } } }[])
        .filter((link) => link.ifname !== 'lo')
        .reduce((sum, link) => sum + link.stats64.tx.bytes, 0);
    }),
  );
  return totals.reduce((a, b) => a + b, 0);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function run(lab: LabClient, config: Config, group: string) {
  for (const host of [SENDER, ...RECEIVERS]) await lab.agent(host, 'join_group', { group, ...config });
  await pollUntil(
    () => lab.agent<{ members: string[] }>(SENDER, 'query_membership', { group }),
    (m) => m.members.length === RECEIVERS.length + 1,
    { what: `${SENDER} to see all ${RECEIVERS.length + 1} members of ${group}`, timeoutMs: 10_000 },
  );
  await sleep(1_200); // every member has heard every other: total orders need a settled membership
  const bytesBefore = await wireBytes(lab);
  const burst = await lab.agent<{ sentAt: Record<string, number> }>(
    SENDER,
    'send_to_group',
    { group, count: COUNT, size: SIZE, times: true },
    300_000,
  );
  const delivered = async () =>
    Promise.all(
      RECEIVERS.map(
        async (h) =>
          (await lab.agent<{ groups: Record<string, GroupStats> }>(h, 'stats')).groups[group]?.delivered ?? 0,
      ),
    );
  // Reliable groups deliver everything; best-effort stops when nothing more arrives. A reliable run that
  // does not get there in time is a failure, not a measurement.
  const settle = async (target: number) => {
    let last = -1;
    await pollUntil(
      async () => {
        const now = (await delivered()).reduce((a, b) => a + b, 0);
        const stalled = now === last;
        last = now;
        return { now, stalled };
      },
      ({ now, stalled }) =>
        now >= target * RECEIVERS.length || (config.reliability === 'best-effort' && stalled),
      {
        what: `${target} messages delivered at each of ${RECEIVERS.length} receivers in ${group} (${config.reliability}/${config.ordering}/${config.transport}; total delivered so far)`,
        timeoutMs: 120_000,
        intervalMs: 500,
        lastSeen: ({ now }) => now,
      },
    );
  };
  await settle(COUNT);
  await sleep(300);
  const bytes = (await wireBytes(lab)) - bytesBefore;
  const ctx = createRuntime();
  const records = async () =>
    (
      await Promise.all(
        RECEIVERS.map(
          async (host) =>
            (
              await readDeliveryLog(join(nodeRunDir(ctx, LAB, host), 'deliveries.jsonl'))
            ).records,
        ),
      )
    )
      .flat()
      .filter((r) => r.group === group && r.sender === SENDER);
  const burstRecords = await records();
  const count = burstRecords.length;
  const lastDelivery = Math.max(...burstRecords.map((r) => r.t));
  const first = Math.min(...Object.values(burst.sentAt));

  const paced = await lab.agent<{ sentAt: Record<string, number> }>(
    SENDER,
    'send_to_group',
    { group, count: PACED, size: SIZE, rate: PACED_RATE, times: true },
    300_000,
  );
  await settle(COUNT + PACED);
  await sleep(300);
  const latencies = (await records())
    .flatMap((r) => {
      const sent = paced.sentAt[String(r.seq)];
      return sent === undefined ? [] : [r.t - sent];
    })
    .sort((a, b) => a - b);
  const stats = (await lab.agent<{ groups: Record<string, GroupStats> }>(SENDER, 'stats')).groups[group];
  for (const host of [SENDER, ...RECEIVERS]) await lab.agent(host, 'leave_group', { group });
  return {
    ...config,
    delivered: count,
    deliveredShare: count / (COUNT * RECEIVERS.length),
    /** Messages each receiver got per second of the burst (goodput: what best-effort lost does not count). */
    messagesPerSecond: count / RECEIVERS.length / ((lastDelivery - first) / 1000),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    wireBytesPerDelivered: bytes / Math.max(1, count),
    retransmissions: stats?.retransmissions ?? 0,
  };
}

const ctx = createRuntime();
await destroyLabs(ctx, { lab: LAB });
await deployTopology(ctx, topology, { name: LAB });
try {
  const lab = await connectLab(ctx, LAB);
  const byLoss = [];
  let n = 0;
  for (const loss of [0, 1]) {
    for (const network of ['lan1', 'lan2']) await impair(ctx, LAB, network, { loss });
    const rows = [];
    for (const config of ORDERED) {
      const row = await run(lab, config, `239.70.${loss}.${++n}`);
      process.stderr.write(
        `bench:group: ${loss}% ${config.reliability}/${config.ordering}: ${row.messagesPerSecond.toFixed(0)} msg/s\n`,
      );
      rows.push(row);
    }
    const baseline = rows[0]?.messagesPerSecond ?? 1;
    byLoss.push({
      lossPercent: loss,
      rows: rows.map((r) => ({ ...r, ratioToBestEffort: r.messagesPerSecond / baseline })),
    });
  }
  for (const network of ['lan1', 'lan2']) await impair(ctx, LAB, network, { loss: 0 });
  const transports = [];
  for (const config of TRANSPORTS) transports.push(await run(lab, config, `239.71.0.${++n}`));

  const result = {
    date: new Date().toISOString(),
    receivers: RECEIVERS.length,
    messages: COUNT,
    size: SIZE,
    byLoss,
    transports,
  };
  await mkdir('bench/results', { recursive: true });
  await writeFile(OUT, `${JSON.stringify(result, null, 2)}\n`);
  const f = (x: number, digits = 0) => x.toFixed(digits);
  process.stdout.write(
    `${table([
      [
        'LOSS',
        'RELIABILITY',
        'ORDERING',
        'MSG/S',
        '× BEST-EFFORT',
        `P50 MS @${PACED_RATE}/S`,
        'P99 MS',
        'DELIVERED',
        'WIRE B/DELIVERED',
      ],
      ...byLoss.flatMap(({ lossPercent, rows }) =>
        rows.map((r) => [
          `${lossPercent}%`,
          r.reliability,
          r.ordering,
          f(r.messagesPerSecond),
          f(r.ratioToBestEffort, 2),
          f(r.latencyP50Ms, 1),
          f(r.latencyP99Ms, 1),
          `${f(r.deliveredShare * 100, 1)}%`,
          f(r.wireBytesPerDelivered),
        ]),
      ),
    ])}\n\n${table([
      ['TRANSPORT', 'MSG/S', 'WIRE BYTES PER DELIVERED MESSAGE'],
      ...transports.map((t) => [t.transport, f(t.messagesPerSecond), f(t.wireBytesPerDelivered)]),
    ])}\n\nwritten to ${OUT}\n`,
  );
} finally {
  await destroyLabs(ctx, { lab: LAB });
}
