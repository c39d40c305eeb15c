import { LabInputError } from '../errors.js';
import type { RuntimeContext } from './context.js';
import { readLabPlan } from './lab-plan-file.js';
import { listLabs, throwUnknownLab } from './labs.js';
import { controlSocketPath, LABEL_KIND, LABEL_LAB, LABEL_NODE } from './names.js';

export interface RunningNode {
  lab: string;
  node: string;
  kind: 'router' | 'host';
  pid: number;
  controlSocket: string;
}

/** Finds a running node by name, in the given lab or in the only lab deployed. */
export async function findNode(ctx: RuntimeContext, node: string, lab?: string): Promise<RunningNode> {
  const labName = await resolveLab(ctx, lab);
  const [container] = await ctx.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_LAB}=${labName}`, `${LABEL_NODE}=${node}`] },
  });
  if (!container) {
    const all = await ctx.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_LAB}=${labName}`] },
    });
    if (all.length === 0) return throwUnknownLab(ctx, labName);
    const names = all.map((c) => c.Labels[LABEL_NODE]).sort();
    throw new LabInputError(`lab "${labName}" has no node "${node}"; nodes: ${names.join(', ')}`);
  }
  if (container.State !== 'running') throw new Error(`node ${node} of lab ${labName} is ${container.State}`);
  const info = await ctx.docker.getContainer(container.Id).inspect();
  return {
    lab: labName,
    node,
    kind: container.Labels[LABEL_KIND] === 'router' ? 'router' : 'host',
    pid: info.State.Pid,
    controlSocket: controlSocketPath(ctx, labName, node),
  };
}

/**
 * The control socket of the node's daemon. A node that runs none (`agent: off`, `daemon: none`) has no
 * verbs to answer: say so, rather than let the call fail on a socket that is not there.
 */
export async function daemonSocket(ctx: RuntimeContext, node: string, lab?: string): Promise<string> {
  const found = await findNode(ctx, node, lab);
  // A lab deployed before plans were kept has a daemon in every node.
  const plan = await readLabPlan(ctx, found.lab).catch(() => undefined);
  if (plan?.nodes.find((n) => n.name === node)?.daemon === false) {
    const off = found.kind === 'router' ? 'router-sim (daemon: none)' : 'node-agent (agent: off)';
    throw new LabInputError(
      `${node} runs no ${off}: it answers no control verbs; run its tools with exec, read its program's output in its container's log`,
    );
  }
  return found.controlSocket;
}

/** The control socket of a router's router-sim; any other node is bad input. */
export async function routerSocket(ctx: RuntimeContext, node: string, lab?: string): Promise<string> {
  const found = await findNode(ctx, node, lab);
  if (found.kind !== 'router') throw new LabInputError(`${node} is a host, not a router`);
  return daemonSocket(ctx, node, found.lab);
}

/** The lab named, or the only lab deployed. */
export async function resolveLab(ctx: RuntimeContext, lab?: string): Promise<string> {
  if (lab !== undefined) return lab;
  const labs = await listLabs(ctx);
  if (labs.length === 1 && labs[0]) return labs[0].name;
  if (labs.length === 0) throw new LabInputError('no lab is deployed');
  throw new LabInputError(
    `several labs are deployed (${labs.map((l) => l.name).join(', ')}): choose one with --lab`,
  );
}
