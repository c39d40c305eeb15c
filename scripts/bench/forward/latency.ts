import { pollUntil } from '../../../common/poll.js';
import type { MrouteView } from '../../../common/router-views.js';
import { startCapture } from './capture.js';
import { received } from './counters.js';
import type { Lab } from './labs.js';
import { percentiles } from './stats.js';
import { GROUP, TTL } from './traffic.js';

const LATENCY_TRIALS = 50;
/** The steady stream the join trials wait for. */
const STREAM_RATE = 1000;
/** Forwarding has stopped when the stream has not been seen leaving r1 for this long (ms). */
const QUIET_MS = 100;

/**
 * Join: h3 joins → its first datagram of a steady stream. Leave: h3 leaves → the stream's last datagram
 * out of r1 on lan2 (a capture in r1: router-sim's views run ahead of the nft rules, which are applied
 * asynchronously, so its mroute view alone cannot tell when forwarding stops).
 */
export async function joinLeave(lab: Lab) {
  const lan2 = lab.r1If('lan2');
  const source = lab.client.address('h1');
  const capture = await startCapture(await lab.pid('r1'), `udp and dst host ${GROUP}`, lan2);
  try {
    // A steady stream for the rest of the lab's life; it ends when the lab is destroyed.
    lab.client
      .agent(
        'h1',
        'send',
        { group: GROUP, count: 1_000_000, size: 64, ttl: TTL, rate: STREAM_RATE },
        3_600_000,
      )
      .catch(() => {});
    const inView = async () =>
      (await lab.client.agent<MrouteView[]>('r1', 'show', { view: 'mroute' })).some(
        (r) => r.source === source && r.group === GROUP && r.oifs.includes(lan2),
      );
    /** Waits until r1 has sent nothing of the stream on lan2 for QUIET_MS and no longer lists lan2. */
    const stopped = async (what: string) => {
      await pollUntil(
        async () => {
          const last = capture.seen.get(GROUP)?.get(lan2)?.last ?? 0;
          return Date.now() - last / 1000 >= QUIET_MS && !(await inView());
        },
        (quiet) => quiet,
        { what, timeoutMs: 10_000, intervalMs: 10 },
      );
      return (capture.seen.get(GROUP)?.get(lan2)?.last ?? 0) / 1000;
    };
    if ((await lab.client.agent<{ joined: string[] }>('h3', 'status')).joined.includes(GROUP))
      await lab.client.agent('h3', 'leave', { group: GROUP });
    await stopped(`r1 to stop forwarding ${GROUP} to ${lan2}`);
    const join: number[] = [];
    const leave: number[] = [];
    for (let trial = 0; trial < LATENCY_TRIALS; trial++) {
      const before = await received(lab, 'h3', GROUP);
      const joined = performance.now();
      await lab.client.agent('h3', 'join', { group: GROUP });
      await pollUntil(
        () => received(lab, 'h3', GROUP),
        (n) => n > before,
        { what: `h3 to receive ${GROUP} after joining`, timeoutMs: 10_000, intervalMs: 2 },
      );
      join.push(performance.now() - joined);
      const left = Date.now();
      await lab.client.agent('h3', 'leave', { group: GROUP });
      const lastOut = await stopped(`r1 to stop forwarding ${GROUP} to ${lan2} after h3 left`);
      leave.push(Math.max(0, lastOut - left));
    }
    return { join: percentiles(join), leave: percentiles(leave) };
  } finally {
    await capture.stop();
  }
}
