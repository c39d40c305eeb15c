import { pollUntil } from '../../common/poll.js';
import type { IgmpInterfaceView } from '../../common/router-views.js';
import { loadValidTopology } from '../cli/load.js';
import { deployProgressReporter } from '../cli/progress.js';
import { table } from '../report/table.js';
import { createRuntime } from '../runtime/context.js';
import { deployTopology } from '../runtime/deploy-topology.js';
import { destroyLabs } from '../runtime/destroy.js';
import { connectLab } from '../runtime/lab-client.js';

/**
 * The demo: deploy topologies/default.yaml, prove host-to-host unicast across two routers, multicast
 * delivery on one LAN and through a router to a subnet that joined, print a summary and tear down.
 */
const TOPOLOGY = 'topologies/default.yaml';
const GROUP = '239.1.1.1';
const COUNT = 50;

const ctx = createRuntime();
const topology = await loadValidTopology(TOPOLOGY);
const progress = deployProgressReporter('deploy');
const deployed = await deployTopology(ctx, topology, {
  reconfigure: true,
  onProgress: progress.onProgress,
}).finally(progress.stop);
try {
  const lab = await connectLab(ctx, deployed.lab);
  const network = (node: string) => lab.node(node).interfaces[0]?.network ?? '?';

  const target = lab.address('h4');
  const ping = await lab.exec('h1', ['ping', '-c', '3', '-i', '0.2', '-W', '2', target]);
  const rtt = /= [\d.]+\/([\d.]+)\//.exec(ping.stdout)?.[1];

  await lab.agent('h2', 'join', { group: GROUP });
  await lab.agent('h3', 'join', { group: GROUP });
  const r1Groups = async () =>
    (await lab.agent<IgmpInterfaceView[]>('r1', 'show', { view: 'igmp' })).flatMap((i) =>
      i.groups.map((g) => g.group),
    );
  await pollUntil(r1Groups, (groups) => groups.includes(GROUP), 5_000); // h3's report reached r1's querier
  await lab.agent('h1', 'send', { group: GROUP, count: COUNT, size: 200, rate: 200 });
  const received = async (node: string) =>
    (await lab.agent<{ groups: Record<string, { received: number }> }>(node, 'stats')).groups[GROUP]
      ?.received ?? 0;
  const sameLan = await pollUntil(
    () => received('h2'),
    (n) => n >= COUNT,
    2_000,
  );
  const throughRouter = await pollUntil(
    () => received('h3'),
    (n) => n >= COUNT,
    2_000,
  );

  console.log(
    `\nlab ${lab.name}: ${lab.inspection.networks.length} networks, ${lab.inspection.nodes.length} nodes, deployed in ${deployed.seconds.toFixed(1)} s\n`,
  );
  console.log(
    table([
      ['CHECK', 'FROM', 'TO', 'RESULT'],
      [
        'unicast across r1, r2',
        `h1 (${network('h1')})`,
        `h4 (${network('h4')}) ${target}`,
        ping.exitCode === 0 ? `ok, 3/3 replies, avg rtt ${rtt} ms` : 'FAILED',
      ],
      [
        'multicast, same LAN',
        `h1 → ${GROUP}`,
        `h2 (${network('h2')}, member)`,
        `${sameLan}/${COUNT} datagrams`,
      ],
      [
        'multicast through r1',
        `h1 → ${GROUP}`,
        `h3 (${network('h3')}, member)`,
        `${throughRouter}/${COUNT} datagrams`,
      ],
    ]),
  );
  if (ping.exitCode !== 0 || sameLan < COUNT || throughRouter < COUNT) process.exitCode = 1;
} finally {
  const destroyed = await destroyLabs(ctx, { lab: deployed.lab });
  console.log(
    `\ndestroyed lab ${deployed.lab}: ${destroyed.containers} containers, ${destroyed.networks} networks`,
  );
}
