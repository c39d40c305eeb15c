import { execa } from 'execa';
import { pollUntil } from '../../common/poll.js';
import { BASE_IMAGE } from '../../lab/docker/images.js';
import type { LabPlan } from '../../lab/topology/plan.js';

/** The baseline of the deploy benchmarks: the same lab built and removed by plain `docker` commands. */

export const seconds = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
};

/**
 * What a user would type without mcast-lab: one `docker` command per network, container and extra link,
 * each container an idle Node.js process of the nodes' image. `whileUp` gets the containers' names
 * before they are removed.
 */
export async function bareLoop(
  plan: LabPlan,
  whileUp: (containers: string[]) => Promise<void> = async () => {},
): Promise<{ deploy: number; destroy: number }> {
  const prefix = `bare-${plan.name}`;
  const docker = (...args: string[]) => execa('docker', args);
  const deploy = await seconds(async () => {
    for (const n of plan.networks) {
      await docker(
        'network',
        'create',
        '--internal',
        '--subnet',
        n.subnet,
        '--gateway',
        n.gateway,
        `${prefix}-${n.name}`,
      );
    }
    for (const node of plan.nodes) {
      const [first, ...rest] = node.interfaces;
      await docker(
        'run',
        '-d',
        '--init',
        '--name',
        `${prefix}-${node.name}`,
        '--network',
        `${prefix}-${first?.network}`,
        '--ip',
        first?.address ?? '',
        BASE_IMAGE,
        '/usr/local/bin/node',
        '-e',
        'setInterval(() => {}, 1 << 30)',
      );
      for (const iface of rest) {
        await docker(
          'network',
          'connect',
          '--ip',
          iface.address,
          `${prefix}-${iface.network}`,
          `${prefix}-${node.name}`,
        );
      }
    }
  });
  await whileUp(plan.nodes.map((n) => `${prefix}-${n.name}`));
  const destroy = await seconds(async () => {
    await docker('rm', '-f', ...plan.nodes.map((n) => `${prefix}-${n.name}`));
    // Docker may still be detaching a removed container's endpoint: retry what is left for a while.
    await pollUntil(
      () =>
        docker('network', 'rm', ...plan.networks.map((n) => `${prefix}-${n.name}`)).then(
          () => true,
          (err: { stderr?: string }) => !/has active endpoints/.test(err.stderr ?? ''),
        ),
      Boolean,
      { what: 'the bare networks removed', timeoutMs: 30_000, intervalMs: 200 },
    );
  });
  return { deploy, destroy };
}
