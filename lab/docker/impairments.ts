import { LabInputError } from '../errors.js';
import { type LinkImpairment, RATE } from '../topology/model.js';
import type { RuntimeContext } from './context.js';
import { findNode } from './find-node.js';
import { labNetworks } from './inspect.js';
import { bridgePorts, hostPorts, readAddresses } from './netns.js';
import { ensureChain, listRules, replaceRules } from './nft-table.js';

/**
 * Link impairments and partitions, applied to frames as the lab's bridges forward them (nftables,
 * bridge family): this kernel has no netem, so loss is a random drop, rate a policer, down a drop-all.
 * A target is a network (every frame its bridge forwards) or a node (every frame to or from its ports).
 */
const CHAIN = 'impair';
const PRIORITY = 0;

export interface ImpairmentChange {
  /** Percent of frames dropped, 0 to 100 (0 removes the loss). */
  loss?: number;
  /** `<n>kbit`, `<n>mbit` or `<n>pps`; `off` removes the limit. */
  rate?: string;
  /** true: drop everything; false: bring it back up. */
  down?: boolean;
}

export interface Impairments {
  target: string;
  loss?: number;
  rate?: string;
  down?: boolean;
}

/** Where a target's frames are matched: as they enter from any port of its bridge, or at its own ports. */
type Match = { network: string; ports: string[] } | { node: string; ports: string[] };

/** Rule comments: `<target> <kind> <value>`, so `impair` can list the state back from the chain. */
const comment = (target: string, kind: keyof ImpairmentChange, value: string) => `${target} ${kind} ${value}`;

export async function impair(
  ctx: RuntimeContext,
  lab: string,
  target: string,
  change: ImpairmentChange,
): Promise<Impairments> {
  if (change.loss !== undefined && !(change.loss >= 0 && change.loss <= 100)) {
    throw new LabInputError(`loss must be a percentage from 0 to 100 (got ${change.loss})`);
  }
  if (change.rate !== undefined && change.rate !== 'off' && !RATE.test(change.rate)) {
    throw new LabInputError(`rate must be like 500kbit, 10mbit or 200pps, or off (got ${change.rate})`);
  }
  await applyImpairment(lab, await resolveTarget(ctx, lab, target), target, change);
  return (await listImpairments(lab)).find((i) => i.target === target) ?? { target };
}

/** A network's standing impairment from its topology, set as the lab is deployed. */
export async function impairNetwork(
  lab: string,
  network: { name: string; ports: string[] },
  impairment: LinkImpairment,
): Promise<void> {
  await applyImpairment(lab, { network: network.name, ports: network.ports }, network.name, impairment);
}

async function applyImpairment(
  lab: string,
  match: Match,
  target: string,
  change: ImpairmentChange,
): Promise<void> {
  await ensureChain(lab, CHAIN, PRIORITY);
  for (const kind of ['loss', 'rate', 'down'] as const) {
    const value = change[kind];
    if (value === undefined) continue;
    const off = value === 0 || value === 'off' || value === false;
    const condition =
      kind === 'loss' ? lossCondition(Number(value)) : kind === 'rate' ? rateCondition(String(value)) : '';
    await replaceRules(
      lab,
      CHAIN,
      (c) => c.startsWith(`${target} ${kind} `),
      off
        ? []
        : matchers(match).map(
            (m) => `${m} ${condition} counter drop comment "${comment(target, kind, String(value))}"`,
          ),
    );
  }
}

/** Every target's impairments, read back from the rules. */
export async function listImpairments(lab: string): Promise<Impairments[]> {
  const byTarget = new Map<string, Impairments>();
  for (const { comment: text } of await listRules(lab, CHAIN)) {
    const [target, kind, value] = text.split(' ');
    if (!target || !value || (kind !== 'loss' && kind !== 'rate' && kind !== 'down')) continue;
    const entry = byTarget.get(target) ?? { target };
    if (kind === 'loss') entry.loss = Number(value);
    else if (kind === 'rate') entry.rate = value;
    else entry.down = true;
    byTarget.set(target, entry);
  }
  return [...byTarget.values()].sort((a, b) => a.target.localeCompare(b.target));
}

/**
 * Cuts the lab into groups of nodes that hear only each other: an IP packet from a node of one group
 * is dropped at the bridge port of a node in another, whichever router it crossed. Replaces any
 * partition in place; nodes in no group are untouched.
 */
export async function partition(ctx: RuntimeContext, lab: string, groups: string[][]): Promise<void> {
  const named = groups.flat();
  const twice = named.find((node, i) => named.indexOf(node) !== i);
  if (twice) throw new LabInputError(`node ${twice} is in more than one group`);
  if (groups.length < 2 || groups.some((g) => g.length === 0)) {
    throw new LabInputError('a partition needs at least two non-empty groups, like: h1,h2 / h3,h4');
  }
  const members = await Promise.all(
    groups.map(async (group) => {
      const nodes = await Promise.all(
        group.map(async (node) => {
          const { pid } = await findNode(ctx, node, lab);
          const [ports, addresses] = await Promise.all([hostPorts(pid), readAddresses(pid)]);
          return { ports: ports.map((p) => p.port), addresses: addresses.map((a) => a.address) };
        }),
      );
      return { ports: nodes.flatMap((n) => n.ports), addresses: nodes.flatMap((n) => n.addresses) };
    }),
  );
  const rules = members.flatMap((from, i) =>
    members
      .filter((_, j) => j !== i)
      .map(
        (to) =>
          `ip saddr ${set(from.addresses)} oifname ${set(to.ports)} counter drop comment "partition ${groups.map((g) => g.join(',')).join('/')}"`,
      ),
  );
  await ensureChain(lab, CHAIN, PRIORITY);
  await replaceRules(lab, CHAIN, (c) => c.startsWith('partition '), rules);
}

/** Removes the partition (impairments stay); returns its groups, undefined when there was none. */
export async function heal(lab: string): Promise<string[][] | undefined> {
  const groups = await currentPartition(lab);
  if (groups) await replaceRules(lab, CHAIN, (c) => c.startsWith('partition '), []);
  return groups;
}

/** The current partition's groups, if any. */
export async function currentPartition(lab: string): Promise<string[][] | undefined> {
  const rule = (await listRules(lab, CHAIN)).find((r) => r.comment.startsWith('partition '));
  return rule?.comment
    .slice('partition '.length)
    .split('/')
    .map((group) => group.split(','));
}

async function resolveTarget(ctx: RuntimeContext, lab: string, target: string): Promise<Match> {
  const network = (await labNetworks(ctx, lab)).find((n) => n.name === target);
  if (network) return { network: target, ports: await bridgePorts(network.bridge) };
  try {
    const { pid } = await findNode(ctx, target, lab);
    return { node: target, ports: (await hostPorts(pid)).map((p) => p.port) };
  } catch (error) {
    if (!(error instanceof LabInputError)) throw error;
    const networks = (await labNetworks(ctx, lab)).map((n) => n.name);
    throw new LabInputError(`${error.message}; networks: ${networks.join(', ')}`);
  }
}

/**
 * nft match expressions for a target: frames entering from its bridge's ports (this kernel has no
 * `meta ibrname`), or frames into and out of a node's own ports.
 */
function matchers(match: Match): string[] {
  if ('network' in match) return [`iifname ${set(match.ports)}`];
  return [`iifname ${set(match.ports)}`, `oifname ${set(match.ports)}`];
}

const set = (items: string[]) => `{ ${items.map((i) => `"${i}"`).join(', ')} }`;

/** Picks `percent` of frames at random, to a hundredth of a percent. */
/** Picks the share of frames to drop, in hundredths of a percent; all of them at 100 % (nft's numbers stop at 9999). */
const lossCondition = (percent: number) =>
  percent >= 100 ? '' : `numgen random mod 10000 < ${Math.round(percent * 100)}`;

/** Picks the frames over the rate. */
function rateCondition(rate: string): string {
  const [, amount = '0', unit] = RATE.exec(rate) ?? [];
  if (unit === 'pps') return `limit rate over ${amount}/second`;
  const bytesPerSecond = (Number(amount) * (unit === 'mbit' ? 1_000_000 : 1_000)) / 8;
  return `limit rate over ${Math.round(bytesPerSecond)} bytes/second`;
}
