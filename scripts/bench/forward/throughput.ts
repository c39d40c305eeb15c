import type { Configuration } from './configurations.js';
import { bystanderPackets, linkPackets, received, settled, udpCounters } from './counters.js';
import type { Lab } from './labs.js';
import { TTL } from './traffic.js';

/** Throughput: each configuration run REPETITIONS times per payload, interleaved. */

export const PAYLOADS = [
  { size: 64, count: 40_000 },
  { size: 1400, count: 25_000 },
];
export const REPETITIONS = 5;

export interface Run {
  round: number;
  size: number;
  sent: number;
  delivered: number;
  durationMs: number;
  datagramsPerSecond: number;
  mbitPerSecond: number;
  /** What the sender managed: sent / its send duration. */
  sentPerSecond: number;
  /** r1's packets in on lan1 and out on lan2 during the run (veth counters: a few are IGMP/other). */
  routerIn?: number;
  routerOut?: number;
  /** Datagrams the receiver's kernel dropped for a full socket buffer during the run. */
  receiverBufferDrops: number;
  /** Packets the bridges sent to hosts that are neither sender nor receiver (flooding) during the run. */
  strayCopies: number;
}

async function measure(config: Configuration, lab: Lab, round: number, size: number, count: number) {
  const { receiver, group } = config;
  const r1 = config.routed ? { in: lab.r1If('lan1'), out: lab.r1If('lan2') } : undefined;
  const before = await received(lab, receiver, group);
  const udpBefore = await udpCounters(lab, receiver);
  const inBefore = r1 && (await linkPackets(lab, 'r1', r1.in));
  const outBefore = r1 && (await linkPackets(lab, 'r1', r1.out));
  const strayBefore = await bystanderPackets(lab, receiver);
  const { sent, durationMs } = await lab.client.agent<{ sent: number; durationMs: number }>(
    'h1',
    'send',
    { group, count, size, ttl: TTL },
    300_000,
  );
  const after = await settled(() => received(lab, receiver, group), {
    what: `${receiver} to stop receiving ${group}`,
    target: before + sent,
    timeoutMs: 20_000,
  });
  const udpAfter = await udpCounters(lab, receiver);
  const delivered = after - before;
  const seconds = durationMs / 1000;
  const run: Run = {
    round,
    size,
    sent,
    delivered,
    durationMs,
    datagramsPerSecond: delivered / seconds,
    mbitPerSecond: (delivered * size * 8) / seconds / 1e6,
    sentPerSecond: sent / seconds,
    receiverBufferDrops: (udpAfter.RcvbufErrors ?? 0) - (udpBefore.RcvbufErrors ?? 0),
    strayCopies: (await bystanderPackets(lab, receiver)) - strayBefore,
  };
  if (r1 && inBefore && outBefore) {
    run.routerIn = (await linkPackets(lab, 'r1', r1.in)).rx - inBefore.rx;
    run.routerOut = (await linkPackets(lab, 'r1', r1.out)).tx - outBefore.tx;
  }
  return run;
}

/** Every runnable configuration's runs, by configuration name (skipped ones have none). */
export async function throughput(configs: Configuration[]) {
  const runs = new Map<string, Run[]>(configs.map((c) => [c.name, []]));
  const runnable = configs.filter((c) => !c.skipped);
  for (let round = 0; round < REPETITIONS; round++) {
    // Rotate the order each round: no configuration always runs first or right after another.
    const order = runnable.map((_, i) => runnable[(i + round) % runnable.length] as Configuration);
    for (const config of order) {
      const lab = config.lab;
      if (!lab) continue;
      await config.setUp?.(lab, config);
      try {
        for (const { size, count } of PAYLOADS) {
          const run = await measure(config, lab, round, size, count);
          runs.get(config.name)?.push(run);
          console.error(
            `bench: round ${round + 1}/${REPETITIONS} ${config.name} ${size} B: ` +
              `${run.datagramsPerSecond.toFixed(0)} dgram/s, ${run.delivered}/${run.sent} delivered`,
          );
        }
      } finally {
        await config.tearDown?.(lab);
      }
    }
  }
  return runs;
}
