import { logTail } from '../docker/container-logs.js';
import type { RuntimeContext } from '../docker/context.js';
import { LABEL_LAB, LABEL_NODE } from '../docker/names.js';

/** A node as a failed test shows it: its container's state and, when it is not running, why. */
export interface NodeHealth {
  node: string;
  state: string;
  exitCode?: number;
  /** The last lines of a stopped node's log. */
  log?: string[];
}

const LOG_LINES = 10;

export async function nodeHealth(ctx: RuntimeContext, lab: string): Promise<NodeHealth[]> {
  const containers = await ctx.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_LAB}=${lab}`] },
  });
  const nodes = await Promise.all(
    containers.map(async (c): Promise<NodeHealth> => {
      const node = c.Labels[LABEL_NODE] ?? c.Names[0] ?? c.Id;
      if (c.State === 'running') return { node, state: c.State };
      const container = ctx.docker.getContainer(c.Id);
      const { State } = await container.inspect();
      return { node, state: c.State, exitCode: State.ExitCode, log: await logTail(container, LOG_LINES) };
    }),
  );
  return nodes.sort((a, b) => a.node.localeCompare(b.node));
}

/** One line per node; a stopped node also gets its exit code and last log lines. */
export function describeHealth(nodes: NodeHealth[]): string {
  return nodes
    .map((n) =>
      n.state === 'running'
        ? `  ${n.node}: running`
        : `  ${n.node}: ${n.state} (exit code ${n.exitCode})${(n.log ?? []).map((l) => `\n    ${l}`).join('')}`,
    )
    .join('\n');
}
