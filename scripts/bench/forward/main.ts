import { loadavg } from 'node:os';
import { loadValidTopology } from '../../../lab/topology/parse.js';
import { configurations } from './configurations.js';
import { firstPacket } from './first-packet.js';
import { deployLabs, runWithLabs } from './labs.js';
import { joinLeave } from './latency.js';
import { mrouteMissing } from './mroute-api.js';
import { report } from './report.js';
import { smcrouteMissing } from './smcroute.js';
import { throughput } from './throughput.js';
import { summarizeThroughput } from './throughput-summary.js';
import { TOPOLOGY } from './traffic.js';

/**
 * Forwarding through one router (topologies/one-router.yaml, h1 on lan1 → r1 → h3 on lan2).
 *
 * 1. Throughput, 64- and 1,400-byte payloads, each configuration run REPETITIONS times, interleaved
 *    (the order rotates every round): router-sim's nftables plane; the same lab without router-sim and
 *    a minimal hand-written netdev ingress rule installed by the bench in r1 (the mechanism's ceiling);
 *    h1 → h2 on the same LAN (the sender's ceiling); and, where the kernel has the mroute API,
 *    router-sim on it and smcroute's static route (rows marked skipped otherwise).
 * 2. Join and leave latency with router-sim (nftables).
 * 3. First-packet latency: a new (S,G)'s first datagram into r1 on lan1 → out of r1 on lan2, both
 *    timestamped by one packet capture in r1's namespace.
 */
async function main() {
  const started = performance.now();
  const loadAtStart = loadavg();
  const topology = await loadValidTopology(TOPOLOGY);
  const noMroute = mrouteMissing();
  const missing = { mroute: noMroute, smcroute: await smcrouteMissing(noMroute) };

  console.error('bench: deploying labs');
  const labs = await deployLabs(topology, !noMroute);
  const { configs, handCounters } = await configurations(labs, missing);
  for (const c of configs) if (c.skipped) console.error(`bench: ${c.name} skipped: ${c.skipped}`);

  const runs = await throughput(configs);

  console.error('bench: first-packet latency');
  const first = await firstPacket(labs.nft);
  console.error('bench: join and leave latency');
  const joinLeaveMs = await joinLeave(labs.nft);

  await report({
    started,
    loadAtStart,
    noMroute,
    throughput: summarizeThroughput(configs, runs),
    handCounters,
    joinLeaveMs,
    first,
  });
}

await runWithLabs(main);
