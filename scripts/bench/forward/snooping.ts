import { writeFile } from 'node:fs/promises';
import { pollUntil } from '../../../common/poll.js';
import { bystanderPackets } from './counters.js';
import type { Lab } from './labs.js';
import { TTL } from './traffic.js';

/** Joined by nobody: shows whether the bridges flood. */
const PROBE_GROUP = '239.5.5.7';

/**
 * Without router-sim nobody queries on the bare lab's links, and a snooping bridge that has seen no
 * querier floods every group to every port: h2 and h4 would get copies they do not get in the
 * router-sim lab, slowing the whole path (veth delivery runs on the sender's CPU). So the bench makes
 * each bridge its link's querier and r1's lan1 port a permanent multicast router port, as r1's queries
 * do in the router-sim lab; then waits until traffic to a group nobody joined reaches no host.
 */
export async function snoopAsWithRouterSim(lab: Lab) {
  for (const network of ['lan1', 'lan2']) {
    const bridge = lab.client.inspection.networks.find((n) => n.name === network)?.bridge;
    if (!bridge) throw new Error(`${lab.client.name} has no bridge for ${network}`);
    await writeFile(`/sys/class/net/${bridge}/bridge/multicast_querier`, '1');
  }
  await writeFile(`/sys/class/net/${await lab.hostPort('r1', 'lan1')}/brport/multicast_router`, '2');
  const probes = 20;
  await pollUntil(
    async () => {
      const before = await bystanderPackets(lab, 'none');
      // One sender per link; h1's also reaches r1, which drops it (no member, no rule).
      await lab.client.agent('h1', 'send', { group: PROBE_GROUP, count: probes, ttl: TTL });
      await lab.client.agent('h4', 'send', { group: PROBE_GROUP, count: probes, ttl: TTL });
      // h4's own port never sends its datagrams back: a flooding lan2 shows on h3's port.
      return (await bystanderPackets(lab, 'none')) - before;
    },
    (strays) => strays < probes / 2,
    {
      what: `${lab.client.name}'s bridges to stop flooding ${PROBE_GROUP}`,
      timeoutMs: 60_000,
      intervalMs: 500,
    },
  );
}
