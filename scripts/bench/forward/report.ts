import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release } from 'node:os';
import { table } from '../../../lab/report/table.js';
import { HAND_WRITTEN, ROUTER_SIM_NFT } from './configurations.js';
import { FIRST_PACKET_TRIALS, type firstPacket } from './first-packet.js';
import type { joinLeave } from './latency.js';
import { median } from './stats.js';
import { REPETITIONS } from './throughput.js';
import type { ThroughputResult } from './throughput-summary.js';
import { TOPOLOGY, TTL } from './traffic.js';

/** The bench's results: written as JSON, printed as tables, checked against its goals. */

const OUT = 'bench/results/forward.json';

const GOALS = { nftVsHandWritten: 0.95, joinP50Ms: 25, firstPacketP50Ms: 5 };

export interface Results {
  /** performance.now() when the bench started. */
  started: number;
  loadAtStart: number[];
  /** Why the kernel has no mroute API, or undefined. */
  noMroute: string | undefined;
  throughput: ThroughputResult[];
  handCounters: number[];
  joinLeaveMs: Awaited<ReturnType<typeof joinLeave>>;
  first: Awaited<ReturnType<typeof firstPacket>>;
}

function goalsOf({ throughput, joinLeaveMs, first }: Results) {
  const nftRows = throughput.find((r) => r.configuration === ROUTER_SIM_NFT)?.payloads ?? [];
  return [
    ...nftRows.map((p) => ({
      goal: `${ROUTER_SIM_NFT} ≥ ${GOALS.nftVsHandWritten}× ${HAND_WRITTEN} (${p.size} B, median dgram/s)`,
      value: p.ratioToHandWritten,
      met: (p.ratioToHandWritten ?? 0) >= GOALS.nftVsHandWritten,
    })),
    {
      goal: `join latency p50 ≤ ${GOALS.joinP50Ms} ms`,
      value: joinLeaveMs.join.p50,
      met: joinLeaveMs.join.p50 <= GOALS.joinP50Ms,
    },
    {
      goal: `first-packet latency p50 ≤ ${GOALS.firstPacketP50Ms} ms`,
      value: first.p50,
      met: first.trials > 0 && first.p50 <= GOALS.firstPacketP50Ms,
    },
  ];
}

/** Writes bench/results/forward.json and prints the throughput, latency and goal tables. */
export async function report(results: Results): Promise<void> {
  const { throughput, joinLeaveMs, first } = results;
  const goals = goalsOf(results);
  const json = {
    benchmark: 'forward',
    date: new Date().toISOString(),
    machine: {
      kernel: release(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      loadAverageAtStart: results.loadAtStart,
      loadAverageAtEnd: loadavg(),
      mrouteApi: results.noMroute ?? 'yes',
      node: process.version,
    },
    topology: TOPOLOGY,
    path: 'h1 (lan1) → r1 → h3 (lan2); same LAN: h1 → h2 (lan1)',
    ttl: TTL,
    repetitions: REPETITIONS,
    notes: [
      'datagrams/s = delivered / the sender’s send duration; Mbit/s counts UDP payload only',
      'routerIn/routerOut: r1’s lan1 rx and lan2 tx packet counters over the run (a few may be IGMP)',
      'receiverBufferDrops: the receiver’s UDP RcvbufErrors over the run',
      'strayCopies: packets the bridges sent to hosts neither sending nor receiving (h2, h3, h4) over the run',
      'the bare lab (multicast: none) has no querier: the bench makes its bridges queriers and r1’s lan1 port a multicast router port, so that its bridges forward as in the router-sim lab',
      'leave latency: h3 leaves → r1’s mroute view no longer lists lan2 for (h1, G)',
      'first-packet latency: capture timestamps in r1 (tcpdump -i any): lan1 in → lan2 out',
    ],
    throughput,
    handWrittenRuleCounters: results.handCounters,
    latencyMs: { join: joinLeaveMs.join, leave: joinLeaveMs.leave, firstPacket: first },
    goals,
    durationSeconds: (performance.now() - results.started) / 1000,
  };
  await mkdir('bench/results', { recursive: true });
  await writeFile(OUT, `${JSON.stringify(json, null, 2)}\n`);

  const f = (x: number | null | undefined, d = 0) => (x === null || x === undefined ? '-' : x.toFixed(d));
  console.log(
    `forward bench: kernel ${release()}, ${cpus().length} CPUs, ${REPETITIONS} rounds, median of each\n`,
  );
  console.log(
    table([
      [
        'CONFIGURATION',
        'PAYLOAD B',
        'dgram/s',
        'Mbit/s',
        'DELIVERED',
        'SENDER dgram/s',
        'R1 OUT/SENT',
        '× HAND',
        '× SAME-LAN',
        'SENT × HAND',
        'ALL dgram/s',
        'RCVBUF DROPS',
        'STRAY COPIES',
      ],
      ...throughput.flatMap((r) =>
        r.skipped
          ? [[r.configuration, '-', 'skipped', '', '', '', '', '', '', '', '', '', '']]
          : (r.payloads ?? []).map((p) => [
              r.configuration,
              String(p.size),
              f(p.median.datagramsPerSecond),
              f(p.median.mbitPerSecond, 1),
              `${f(p.median.deliveredFraction * 100, 1)}%`,
              f(p.median.sentPerSecond),
              p.runs[0]?.routerOut === undefined
                ? '-'
                : `${f(median(p.runs.map((x) => (x.routerOut ?? 0) / x.sent)) * 100, 1)}%`,
              f(p.ratioToHandWritten, 3),
              f(p.ratioToSameLan, 3),
              f(p.sentRatioToHandWritten, 3),
              p.runs.map((x) => f(x.datagramsPerSecond)).join(' '),
              p.runs.map((x) => x.receiverBufferDrops).join(' '),
              p.runs.map((x) => x.strayCopies).join(' '),
            ]),
      ),
    ]),
  );
  for (const r of throughput) if (r.skipped) console.log(`${r.configuration}: skipped: ${r.skipped}`);
  console.log();
  console.log(
    table([
      ['LATENCY ms (router-sim nftables)', 'trials', 'p50', 'p90', 'max'],
      ...(
        [
          ['join (join → first datagram)', joinLeaveMs.join],
          ['leave (leave → r1 stops lan2)', joinLeaveMs.leave],
          ['first packet (r1 lan1 in → lan2 out)', first],
        ] as const
      ).map(([k, l]) => [k, String(l.trials), f(l.p50, 2), f(l.p90, 2), f(l.max, 2)]),
    ]),
  );
  if (first.notSeenLeaving.length > 0)
    console.log(`first packet: not seen leaving r1 within 2 s: ${first.notSeenLeaving.join(', ')}`);
  console.log(`first packet: delivered to h3 for ${first.deliveredToH3}/${FIRST_PACKET_TRIALS} fresh groups`);
  console.log();
  console.log(
    table([['GOAL', 'VALUE', 'MET'], ...goals.map((g) => [g.goal, f(g.value, 3), g.met ? 'yes' : 'NO'])]),
  );
  console.log(`\nwrote ${OUT} (${json.durationSeconds.toFixed(0)} s)`);
}
