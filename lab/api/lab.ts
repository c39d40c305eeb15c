import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { controlRequest } from '../../common/control/client.js';
import { COMMAND_LOG_NAME, DELIVERY_LOG_NAME } from '../../common/control/protocol.js';
import { type PollTiming, pollUntil } from '../../common/poll.js';
import { type CheckSpec, checkDeliveries, type Violation } from '../../node-agent/check/checker.js';
import { readDeliveryLogs } from '../../node-agent/check/read-log.js';
import type { DeliveryRecord } from '../../node-agent/group-types/delivery-record.js';
import { logTail } from '../docker/container-logs.js';
import type { RuntimeContext } from '../docker/context.js';
import { destroyLabs } from '../docker/destroy.js';
import { daemonSocket } from '../docker/find-node.js';
import { heal, type ImpairmentChange, impair, partition } from '../docker/impairments.js';
import { inspectLab, type LabInspection } from '../docker/inspect.js';
import { readLabPlan } from '../docker/lab-plan-file.js';
import { type LinkCounter, readLinkCounters } from '../docker/link-accounting.js';
import { nodeRunDir } from '../docker/names.js';
import { type ExecResult, type ExecWhere, execInNode } from '../docker/node-exec.js';
import { crashNode, restartNode } from '../docker/node-lifecycle.js';
import { type AgentCalls, agentCalls } from './agent-calls.js';
import { type LabCapture, startCapture } from './lab-capture.js';
import { type NodeHealth, nodeHealth } from './node-health.js';
import { type RouterCalls, routerCalls } from './router-calls.js';

export interface WaitOptions<T> extends PollTiming {
  /** When the probed value is what is awaited (default: any truthy value). */
  until?: (value: T) => boolean;
  /** What is awaited, for the error: `timed out after N ms waiting for <what>; last seen: …`. */
  what?: string;
}

/** Which deliveries to check: the group's reliability and ordering, and optionally what each sender sent. */
export type DeliveryCheck = Omit<CheckSpec, 'group'>;

/**
 * A deployed lab, driven from code: its nodes' agents and routers as typed calls, faults, captures,
 * counters, delivery logs and the checker. Get one from `deployLab`, `withLab` or `connectLab`.
 */
export class Lab {
  private readonly sockets = new Map<string, Promise<string>>();

  constructor(
    private readonly ctx: RuntimeContext,
    readonly name: string,
    /** The lab as deployed: networks, nodes, interfaces, routes. */
    readonly inspection: LabInspection,
    /** The hosts that run node-agent (not `agent: off`): they keep delivery logs and answer its verbs. */
    readonly agents: string[],
  ) {}

  /** Node names, routers and hosts. */
  get nodes(): string[] {
    return this.inspection.nodes.map((n) => n.name);
  }

  get hosts(): string[] {
    return this.inspection.nodes.filter((n) => n.kind === 'host').map((n) => n.name);
  }

  get routers(): string[] {
    return this.inspection.nodes.filter((n) => n.kind === 'router').map((n) => n.name);
  }

  /** The node's address on `network`, or on its first interface. */
  address(node: string, network?: string): string {
    const found = this.inspection.nodes.find((n) => n.name === node);
    if (!found) throw new Error(`lab ${this.name} has no node ${node}; nodes: ${this.nodes.join(', ')}`);
    const iface = network ? found.interfaces.find((i) => i.network === network) : found.interfaces[0];
    if (!iface) throw new Error(`node ${node} has no interface on ${network}`);
    return iface.address;
  }

  /**
   * Runs a program in the node and returns its exit code and output (never throws on a non-zero exit):
   * inside the container when the node runs the user's own image, else a host program in the node's
   * network namespace; `where` chooses.
   */
  exec(node: string, argv: string[], where?: ExecWhere): Promise<ExecResult> {
    return execInNode(this.ctx, this.name, node, argv, where);
  }

  /** The host agent's verbs (join, send, join_group, send_to_group, stats…) as typed calls. */
  agent(node: string): AgentCalls {
    return agentCalls((verb, args, timeoutMs) => this.call(node, verb, args, timeoutMs));
  }

  /** router-sim's verbs (status, show interfaces|igmp|mroute|pim-neighbors|pim-state) as typed calls. */
  router(node: string): RouterCalls {
    return routerCalls((verb, args, timeoutMs) => this.call(node, verb, args, timeoutMs));
  }

  /** Any control verb of a node's daemon. */
  async call<T>(
    node: string,
    verb: string,
    args: Record<string, unknown> = {},
    timeoutMs?: number,
  ): Promise<T> {
    const socket = this.sockets.get(node) ?? daemonSocket(this.ctx, node, this.name);
    this.sockets.set(node, socket);
    socket.catch(() => this.sockets.delete(node)); // a node that was not there may be later
    return (await controlRequest(await socket, verb, args, timeoutMs)) as T;
  }

  /** Loss, rate or down on a network (frames its bridge forwards) or a node (its ports). */
  impair(target: string, change: ImpairmentChange) {
    return impair(this.ctx, this.name, target, change);
  }

  /** Cuts the lab into groups of nodes that hear only each other. */
  partition(...groups: string[][]): Promise<void> {
    return partition(this.ctx, this.name, groups);
  }

  /** Removes the partition (impairments stay). */
  async heal(): Promise<void> {
    await heal(this.name);
  }

  /** Kills the node's container at once (SIGKILL); its run directory stays. */
  crash(node: string) {
    return crashNode(this.ctx, node, this.name);
  }

  /** Starts a node again as deployed (routes, counters, impairments) and waits for its daemon. */
  restart(node: string) {
    return restartNode(this.ctx, node, this.name);
  }

  /** Starts capturing on a network; resolves once nothing sent from now on can be missed. */
  capture(network: string, options: { filter?: string; file?: string } = {}): Promise<LabCapture> {
    return startCapture(this.ctx, this.name, network, options);
  }

  /** Packets and bytes per network and traffic class (multicast data, IGMP, PIM by type) so far. */
  traffic(): Promise<LinkCounter[]> {
    return readLinkCounters(this.name);
  }

  /**
   * Probes until the value is what is awaited and returns it; on timeout throws an error that quotes
   * the last value seen. Polling, never a fixed sleep.
   */
  waitFor<T>(probe: () => T | Promise<T>, options: WaitOptions<T> = {}): Promise<T> {
    const { until = Boolean, what = 'the condition', ...timing } = options;
    return pollUntil(async () => probe(), until, { what, ...timing });
  }

  /**
   * Every agent's delivery log (in delivery order), only `group`'s records when given. Asks each agent
   * first, so that everything it has counted is in its log.
   */
  async deliveries(group?: string): Promise<Record<string, DeliveryRecord[]>> {
    const hosts = this.agents;
    await Promise.all(hosts.map((h) => this.call(h, 'stats')));
    const paths = Object.fromEntries(
      hosts.map((h) => [h, join(nodeRunDir(this.ctx, this.name, h), DELIVERY_LOG_NAME)]),
    );
    const { logs, errors } = await readDeliveryLogs(paths);
    if (errors.length > 0) throw new Error(`unreadable delivery logs: ${JSON.stringify(errors)}`);
    if (group === undefined) return logs;
    return Object.fromEntries(
      Object.entries(logs).map(([node, records]) => [node, records.filter((r) => r.group === group)]),
    );
  }

  /**
   * The group's deliveries checked for its guarantees (checker.ts), at every host whose agent has the
   * group: a member that delivered nothing is checked too.
   */
  async checkDeliveries(group: string, check: DeliveryCheck): Promise<Violation[]> {
    const stats = await Promise.all(this.agents.map((h) => this.agent(h).stats()));
    const members = new Set(stats.filter((s) => group in s.groups).map((s) => s.node));
    const logs = Object.fromEntries(
      Object.entries(await this.deliveries(group)).filter(([node]) => members.has(node)),
    );
    return checkDeliveries(logs, { ...check, group });
  }

  /** Every node's container state; stopped nodes with their exit code and last log lines. */
  health(): Promise<NodeHealth[]> {
    return nodeHealth(this.ctx, this.name);
  }

  /**
   * What the node's own `command` (topology) has printed so far, stdout and stderr: the agent's
   * `command.log` when the agent runs it, the container's log when the command is the container's.
   */
  async output(node: string): Promise<string> {
    const log = await readFile(join(nodeRunDir(this.ctx, this.name, node), COMMAND_LOG_NAME), 'utf8').catch(
      () => undefined,
    );
    return log ?? (await this.logs(node, Number.MAX_SAFE_INTEGER)).join('\n');
  }

  /** The last lines a node's container wrote (its daemon, or its own `command`), stdout and stderr. */
  async logs(node: string, lines = 50): Promise<string[]> {
    const { container } = this.inspection.nodes.find((n) => n.name === node) ?? {};
    if (!container) throw new Error(`lab ${this.name} has no node ${node}; nodes: ${this.nodes.join(', ')}`);
    return logTail(this.ctx.docker.getContainer(container), lines);
  }

  /** Removes everything the lab owns; destroying twice is fine. */
  async destroy(): Promise<void> {
    await destroyLabs(this.ctx, { lab: this.name });
  }
}

/** A lab deployed earlier (by the CLI or another process), to drive from code. */
export async function openLab(ctx: RuntimeContext, name: string): Promise<Lab> {
  const [inspection, plan] = await Promise.all([inspectLab(ctx, name), readLabPlan(ctx, name)]);
  const agents = plan.nodes.filter((n) => n.kind === 'host' && n.daemon !== false).map((n) => n.name);
  return new Lab(ctx, name, inspection, agents);
}
