import { createRuntime } from '../../../lab/docker/context.js';
import { deployTopology } from '../../../lab/docker/deploy-topology.js';
import { destroyLabs } from '../../../lab/docker/destroy.js';
import { findNode } from '../../../lab/docker/find-node.js';
import { connectLab, type LabClient } from '../../../lab/docker/lab-client.js';
import { hostPorts, inNetns } from '../../../lab/docker/netns.js';
import type { ForwardingChoice, Topology } from '../../../lab/topology/model.js';

/** The bench's labs: deployed under names of their own, destroyed at the end, on failure and on Ctrl-C. */

const ctx = createRuntime();
const suffix = Date.now().toString(36).slice(-5);
const deployed: string[] = [];

/** A deployed lab, with the namespaces of its nodes looked up once. */
export interface Lab {
  client: LabClient;
  /** r1's interface on a network. */
  r1If(network: string): string;
  /** Runs a command in a node's network namespace with the host's tools; fails on a non-zero exit. */
  netns(node: string, argv: string[], input?: string): Promise<string>;
  pid(node: string): Promise<number>;
  /** The host end (bridge port) of a node's interface on a network. */
  hostPort(node: string, network: string): Promise<string>;
}

/** The labs the configurations run in. */
export interface BenchLabs {
  /** router-sim on its nftables plane. */
  nft: Lab;
  /** The same lab without router-sim (`multicast: none`). */
  bare: Lab;
  /** router-sim on the kernel's mroute API, where the kernel has it. */
  mroute?: Lab;
}

async function deploy(topology: Topology, kind: string): Promise<Lab> {
  const name = `bench-fwd-${suffix}-${kind}`;
  deployed.push(name);
  await destroyLabs(ctx, { lab: name });
  await deployTopology(ctx, topology, { name });
  const client = await connectLab(ctx, name);
  const pids = new Map<string, Promise<number>>();
  const pid = (node: string) => {
    const known = pids.get(node) ?? findNode(ctx, node, name).then((n) => n.pid);
    pids.set(node, known);
    return known;
  };
  const ifOf = (node: string, network: string) => {
    const found = client.node(node).interfaces.find((i) => i.network === network)?.name;
    if (!found) throw new Error(`${node} of ${name} has no interface on ${network}`);
    return found;
  };
  return {
    client,
    hostPort: async (node, network) => {
      const ifname = ifOf(node, network);
      const port = (await hostPorts(await pid(node))).find((p) => p.ifname === ifname)?.port;
      if (!port) throw new Error(`no host port for ${name}/${node} ${ifname}`);
      return port;
    },
    r1If: (network) => ifOf('r1', network),
    pid,
    netns: async (node, argv, input) => {
      const result = await inNetns(await pid(node), argv, input);
      if (result.exitCode !== 0)
        throw new Error(`${argv.join(' ')} in ${name}/${node}: ${String(result.stderr).trim()}`);
      return String(result.stdout);
    },
  };
}

const withPlane = (topology: Topology, forwarding: ForwardingChoice): Topology => ({
  ...topology,
  routers: topology.routers.map((r) => ({ ...r, forwarding })),
});

/** Deploys the labs one after the other; the mroute lab only when `withMroute`. */
export async function deployLabs(topology: Topology, withMroute: boolean): Promise<BenchLabs> {
  const nft = await deploy(withPlane(topology, 'nftables'), 'nft');
  const bare = await deploy(
    { ...topology, routers: topology.routers.map((r) => ({ ...r, multicast: 'none' })) },
    'bare',
  );
  const mroute = withMroute ? await deploy(withPlane(topology, 'kernel-mroute'), 'mroute') : undefined;
  return { nft, bare, mroute };
}

async function cleanup() {
  await Promise.all(deployed.map((lab) => destroyLabs(ctx, { lab }).catch(() => {})));
}

/**
 * Runs the bench, then destroys every lab it deployed, also when it fails or is interrupted.
 * BENCH_KEEP_LABS=1 leaves the labs of a failed run up for a look (mcast-lab destroy --lab NAME).
 */
export async function runWithLabs(run: () => Promise<void>): Promise<void> {
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    await run();
    await cleanup();
  } catch (error) {
    if (process.env.BENCH_KEEP_LABS) console.error(`bench: failed; labs kept: ${deployed.join(', ')}`);
    else await cleanup();
    throw error;
  }
}
