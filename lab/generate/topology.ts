import { seededRandom } from '../../common/sim/random.js';
import { LabInputError } from '../errors.js';
import { formatCidr, normalizeCidr, parseCidr } from '../topology/addressing.js';
import { centre } from '../topology/centre.js';
import type { TimerProfile } from '../topology/model.js';
import { adjacency } from '../topology/network-graph.js';
import { gridLinks } from './grid.js';
import { randomLinks } from './random-graph.js';
import { ringLinks } from './ring.js';
import type { Link, ShapeName } from './shape.js';
import { treeLinks } from './tree.js';

export interface TopologyOptions {
  shape: ShapeName;
  routers: number;
  hostsPerLan: number;
  seed: number;
  pim: 'dense' | 'sparse';
  profile: TimerProfile;
  name: string;
  /** Tree: children per router. */
  fanOut: number;
  /** Random: links beyond the spanning tree. */
  extraLinks: number;
  /** Where networks take their /24s; by default the lab's own pool when it fits, else a block of 10.0.0.0/8. */
  subnetPool?: string;
}

/** A topology in the file format (the keys as YAML spells them), and what a summary says of it. */
export interface GeneratedTopology {
  document: {
    name: string;
    defaults: Record<string, string>;
    networks: Record<string, null>;
    routers: Record<string, { interfaces: string[] }>;
    hosts: Record<string, { network: string }>;
  };
  hosts: string[];
  networks: number;
  rp: string;
}

// An automatic subnet is a /24: 253 node addresses, one of them the LAN's router.
export const MAX_HOSTS_PER_LAN = 252;
const DEFAULT_POOL = '10.100.0.0/16';
const LARGEST_POOL = 8;

export const routerName = (i: number) => `r${i + 1}`;
export const hostName = (router: number, k: number) => `h${router + 1}-${k + 1}`;
const lanName = (router: number) => `lan${router + 1}`;
const linkName = ([a, b]: Link) => `link${a + 1}-${b + 1}`;

/**
 * Routers linked in the given shape by point-to-point networks, each router with a host LAN of its own;
 * the RP (kept in dense mode too, so the lab can be compared in sparse) at the shape's centre. The same
 * options give the same document.
 */
export function generateTopology(options: TopologyOptions): GeneratedTopology {
  const links = shapeLinks(options);
  const routers = Array.from({ length: options.routers }, (_, i) => i);
  const interfaces = routers.map((i) => [lanName(i)]);
  for (const l of links) for (const end of l) interfaces[end]?.push(linkName(l));
  const hosts = routers.flatMap((i) =>
    Array.from({ length: options.hostsPerLan }, (_, k) => [hostName(i, k), lanName(i)] as const),
  );
  const networks = [...routers.map(lanName), ...links.map(linkName)];
  const pool = subnetPool(networks.length, options.subnetPool);
  const rp = routerName(centreOf(options.shape, routers, links));
  return {
    document: {
      name: options.name,
      defaults: {
        pim: options.pim,
        rp,
        profile: options.profile,
        ...(pool === DEFAULT_POOL ? {} : { subnet_pool: pool }),
      },
      networks: Object.fromEntries(networks.map((name) => [name, null])),
      routers: Object.fromEntries(routers.map((i) => [routerName(i), { interfaces: interfaces[i] ?? [] }])),
      hosts: Object.fromEntries(hosts.map(([name, network]) => [name, { network }])),
    },
    hosts: hosts.map(([name]) => name),
    networks: networks.length,
    rp,
  };
}

/**
 * The router the planner would pick as RP (the fewest hops to the farthest network, the first on ties).
 * Every router has a LAN and no link is farther than both its ends, so that is the routers' centre: a
 * tree's root, any router of a ring (the first); a search for the others.
 */
function centreOf(shape: ShapeName, routers: number[], links: Link[]): number {
  if (shape === 'tree' || shape === 'ring') return 0;
  return centre(adjacency(routers.length, links), routers, routers) ?? 0;
}

function shapeLinks(options: TopologyOptions): Link[] {
  switch (options.shape) {
    case 'tree':
      return treeLinks(options.routers, options.fanOut);
    case 'ring':
      return ringLinks(options.routers);
    case 'grid':
      return gridLinks(options.routers);
    case 'random':
      return randomLinks(options.routers, options.extraLinks, seededRandom(options.seed));
  }
}

/** The pool given, checked; else the lab's default pool if it holds every network, else a block that does. */
function subnetPool(networks: number, given: string | undefined): string {
  const capacity = (prefix: number) => 2 ** (24 - prefix);
  if (given !== undefined) {
    const cidr = parseCidr(given);
    if (cidr === undefined || cidr.prefix > 24 || normalizeCidr(cidr).base !== cidr.base) {
      throw new LabInputError(
        `--subnet-pool must be an IPv4 CIDR of /24 or larger without host bits, like 10.0.0.0/8 (got "${given}")`,
      );
    }
    if (capacity(cidr.prefix) < networks) {
      throw new LabInputError(
        `--subnet-pool ${given} holds ${capacity(cidr.prefix)} /24s but the topology has ${networks} networks`,
      );
    }
    return given;
  }
  const prefix = 24 - Math.ceil(Math.log2(networks));
  if (prefix >= 16) return DEFAULT_POOL;
  if (prefix < LARGEST_POOL) {
    throw new LabInputError(
      `the topology has ${networks} networks but 10.0.0.0/8 holds ${capacity(LARGEST_POOL)} /24s: use fewer routers`,
    );
  }
  return formatCidr({ base: 10 * 2 ** 24, prefix });
}
