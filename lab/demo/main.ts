import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequest } from '../../common/control/client.js';
import { table } from '../cli/describe.js';
import { loadValidTopology } from '../cli/load.js';
import { deployProgressReporter } from '../cli/progress.js';
import { createRuntime } from '../runtime/context.js';
import { deployTopology } from '../runtime/deploy-topology.js';
import { destroyLabs } from '../runtime/destroy.js';
import { findNode } from '../runtime/find-node.js';
import { type InspectedNode, inspectLab } from '../runtime/inspect.js';
import { inNetns } from '../runtime/netns.js';

/**
 * The foundation demo: deploy topologies/default.yaml, prove host-to-host unicast across two routers and
 * same-subnet multicast delivery, print a summary and tear the lab down.
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
  const lab = await inspectLab(ctx, deployed.lab);
  const node = (name: string) => lab.nodes.find((n) => n.name === name) as InspectedNode;
  const agent = async (name: string, verb: string, args = {}) =>
    controlRequest((await findNode(ctx, name, lab.lab)).controlSocket, verb, args);

  const [h1, h2, h4] = ['h1', 'h2', 'h4'].map(node) as InspectedNode[];
  const target = h4?.interfaces[0]?.address ?? '';
  const ping = await inNetns((await findNode(ctx, 'h1', lab.lab)).pid, [
    'ping',
    '-c',
    '3',
    '-i',
    '0.2',
    '-W',
    '2',
    target,
  ]);
  const rtt = /= [\d.]+\/([\d.]+)\//.exec(ping.stdout)?.[1];

  await agent('h2', 'join', { group: GROUP });
  await agent('h1', 'send', { group: GROUP, count: COUNT, size: 200, rate: 200 });
  await sleep(500);
  const received = async (name: string) =>
    ((await agent(name, 'stats')) as { groups: Record<string, { received: number }> }).groups[GROUP]
      ?.received ?? 0;

  const delivered = await received('h2');
  const network = (n: InspectedNode | undefined) => n?.interfaces[0]?.network ?? '?';
  console.log(
    `\nlab ${lab.lab}: ${lab.networks.length} networks, ${lab.nodes.length} nodes, deployed in ${deployed.seconds.toFixed(1)} s\n`,
  );
  console.log(
    table([
      ['CHECK', 'FROM', 'TO', 'RESULT'],
      [
        'unicast across r1, r2',
        `h1 (${network(h1)})`,
        `h4 (${network(h4)}) ${target}`,
        ping.exitCode === 0 ? `ok, 3/3 replies, avg rtt ${rtt} ms` : 'FAILED',
      ],
      [
        'multicast, same subnet',
        `h1 → ${GROUP}`,
        `h2 (${network(h2)}, member)`,
        `${delivered}/${COUNT} datagrams`,
      ],
    ]),
  );
  if (ping.exitCode !== 0 || delivered < COUNT) process.exitCode = 1;
} finally {
  const destroyed = await destroyLabs(ctx, { lab: deployed.lab });
  console.log(
    `\ndestroyed lab ${deployed.lab}: ${destroyed.containers} containers, ${destroyed.networks} networks`,
  );
}
