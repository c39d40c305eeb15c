import { pollUntil, pollUntilOrTimeout } from '../../../common/poll.js';
import type { IgmpInterfaceView } from '../../../common/router-views.js';
import { startCapture } from './capture.js';
import { receivedAll } from './counters.js';
import type { Lab } from './labs.js';
import { percentiles } from './stats.js';
import { TTL } from './traffic.js';

/** First-packet trials: one fresh group each, 239.5.6.1 onwards. */
const FRESH_PREFIX = '239.5.6';
export const FIRST_PACKET_TRIALS = 50;
/** h3 joins the first-packet groups this many at a time (a host allows 20 memberships per socket). */
const FIRST_PACKET_BATCH = 10;

/** Each trial's one datagram to a fresh group h3 has joined: into r1 on lan1 → out of r1 on lan2. */
export async function firstPacket(lab: Lab) {
  const lan1 = lab.r1If('lan1');
  const lan2 = lab.r1If('lan2');
  const capture = await startCapture(await lab.pid('r1'), `udp and dst net ${FRESH_PREFIX}.0/24`);
  const latencies: number[] = [];
  const lost: string[] = [];
  const groups = Array.from({ length: FIRST_PACKET_TRIALS }, (_, i) => `${FRESH_PREFIX}.${i + 1}`);
  try {
    for (let start = 0; start < groups.length; start += FIRST_PACKET_BATCH) {
      const batch = groups.slice(start, start + FIRST_PACKET_BATCH);
      for (const group of batch) await lab.client.agent('h3', 'join', { group });
      await pollUntil(
        () => lab.client.agent<IgmpInterfaceView[]>('r1', 'show', { view: 'igmp' }),
        (views) => {
          const known = new Set(views.find((v) => v.interface === lan2)?.groups.map((g) => g.group));
          return batch.every((g) => known.has(g));
        },
        { what: `r1 to learn h3's groups ${batch[0]}…`, timeoutMs: 10_000, intervalMs: 20 },
      );
      for (const group of batch) {
        await lab.client.agent('h1', 'send', { group, count: 1, size: 64, ttl: TTL });
        const { accepted, value } = await pollUntilOrTimeout(
          async () => capture.seen.get(group),
          (byDevice) => byDevice?.has(lan1) === true && byDevice.has(lan2),
          { timeoutMs: 2_000, intervalMs: 2 },
        );
        const into = value?.get(lan1)?.first;
        const out = value?.get(lan2)?.first;
        if (accepted && into !== undefined && out !== undefined) latencies.push((out - into) / 1000);
        else lost.push(group);
      }
      for (const group of batch) await lab.client.agent('h3', 'leave', { group });
    }
  } finally {
    await capture.stop();
  }
  const stats = await receivedAll(lab, 'h3');
  const delivered = groups.filter((g) => (stats[g]?.received ?? 0) > 0).length;
  return { ...percentiles(latencies), notSeenLeaving: lost, deliveredToH3: delivered };
}
