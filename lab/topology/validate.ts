import type { Locate, YamlPath } from '../yaml/locate.js';
import type { Rejected } from '../yaml/salvage.js';
import { quoted } from '../yaml/strict-map.js';
import {
  broadcastAddress,
  type Cidr,
  cidrContains,
  cidrsOverlap,
  formatCidr,
  formatIpv4,
  gatewayAddress,
  nodeCapacity,
  parseCidr,
  parseIpv4,
} from './addressing.js';
import type { Topology, TopologyError } from './model.js';
import { ALL_GROUPS } from './schema.js';

const NAME = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Checks that the schema cannot make: names, references, addresses against subnets, connectivity, the
 * RP. CIDRs and addresses are well formed; what the schema rejected is left out and named by `rejected`.
 */
export function validateTopology(topology: Topology, locate: Locate, rejected: Rejected): TopologyError[] {
  const attached = attachments(topology);
  return [
    ...checkNames(topology, locate),
    ...checkReferences(topology, attached, locate, rejected),
    ...checkSubnets(topology, attached, locate, rejected),
    ...checkAddresses(topology, attached, locate, rejected),
    ...checkConnectivity(topology, attached, locate, rejected),
    ...checkRp(topology, locate, rejected),
    ...checkForwarding(topology, locate),
  ];
}

/** One router interface or host, with where it sits in the YAML document. */
interface Attachment {
  node: string;
  kind: 'router' | 'host';
  network: string;
  address?: string;
  path: YamlPath;
}

function attachments(topology: Topology): Attachment[] {
  return [
    ...topology.routers.flatMap((router) =>
      router.interfaces.map((iface, i) => ({
        node: router.name,
        kind: 'router' as const,
        ...iface,
        path: ['routers', router.name, 'interfaces', i],
      })),
    ),
    ...topology.hosts.map((host) => ({
      node: host.name,
      kind: 'host' as const,
      network: host.network,
      ...(host.address === undefined ? {} : { address: host.address }),
      path: ['hosts', host.name],
    })),
  ];
}

function checkNames(topology: Topology, locate: Locate): TopologyError[] {
  const sections = { networks: topology.networks, routers: topology.routers, hosts: topology.hosts };
  const invalid = Object.entries(sections).flatMap(([section, entries]) =>
    entries
      .filter(({ name }) => !NAME.test(name))
      .map(({ name }) =>
        locate(
          [section, name],
          `invalid name ${quoted(name)}: use a lowercase letter, then up to 19 of a-z, 0-9 and "-"`,
          'key',
        ),
      ),
  );
  const routers = new Set(topology.routers.map((router) => router.name));
  const duplicates = topology.hosts
    .filter((host) => routers.has(host.name))
    .map((host) =>
      locate(
        ['hosts', host.name],
        `duplicate node name "${host.name}": it is already a router (routers and hosts share one namespace)`,
        'key',
      ),
    );
  return [...invalid, ...duplicates];
}

function checkReferences(
  topology: Topology,
  attached: Attachment[],
  locate: Locate,
  rejected: Rejected,
): TopologyError[] {
  const names = new Set(topology.networks.map((network) => network.name));
  const errors: TopologyError[] = [];
  const routerNetworks = new Set<string>();
  for (const { node, kind, network, path } of attached) {
    if (!names.has(network)) {
      if (rejected.has(['networks', network])) continue;
      errors.push(
        locate([...path, 'network'], `unknown network "${network}"; networks: ${[...names].join(', ')}`),
      );
    } else if (kind === 'router' && routerNetworks.has(`${node}/${network}`)) {
      errors.push(locate([...path, 'network'], `router ${node} already has an interface on ${network}`));
    }
    routerNetworks.add(`${node}/${network}`);
  }
  return errors;
}

function checkSubnets(
  topology: Topology,
  attached: Attachment[],
  locate: Locate,
  rejected: Rejected,
): TopologyError[] {
  const errors: TopologyError[] = [];
  const earlier: { name: string; cidr: Cidr }[] = [];
  const counts = new Map<string, number>();
  for (const { network } of attached) counts.set(network, (counts.get(network) ?? 0) + 1);
  for (const network of topology.networks) {
    const cidr = network.subnet === undefined ? undefined : parseCidr(network.subnet);
    const count = counts.get(network.name) ?? 0;
    const path = ['networks', network.name, 'subnet'];
    if (rejected.has(path)) continue;
    if (cidr === undefined) {
      // Automatic subnets are /24s.
      if (count > 253) {
        const message = `network ${network.name} has ${count} nodes but an automatic /24 holds 253; give it a larger subnet`;
        errors.push(locate(['networks', network.name], message, 'key'));
      }
      continue;
    }
    for (const other of earlier.filter((e) => cidrsOverlap(e.cidr, cidr))) {
      const message = `subnet ${formatCidr(cidr)} of ${network.name} overlaps ${formatCidr(other.cidr)} of ${other.name}`;
      errors.push(locate(path, message));
    }
    if (count > nodeCapacity(cidr)) {
      const message = `subnet ${formatCidr(cidr)} of ${network.name} holds ${nodeCapacity(cidr)} node addresses but ${count} nodes attach to it`;
      errors.push(locate(path, message));
    }
    earlier.push({ name: network.name, cidr });
  }
  return errors;
}

function checkAddresses(
  topology: Topology,
  attached: Attachment[],
  locate: Locate,
  rejected: Rejected,
): TopologyError[] {
  const errors: TopologyError[] = [];
  const owners = new Map<number, string>();
  const specs = new Map(topology.networks.map((n) => [n.name, n]));
  for (const { node, network, address, path } of attached) {
    const spec = specs.get(network);
    const value = address === undefined ? undefined : parseIpv4(address);
    if (spec === undefined || value === undefined || rejected.has(['networks', network, 'subnet'])) continue;
    const at = [...path, 'address'];
    const cidr = spec.subnet === undefined ? undefined : parseCidr(spec.subnet);
    const problem =
      cidr === undefined
        ? `give network ${network} a subnet to fix addresses in it`
        : addressProblem(value, cidr, network);
    const owner = owners.get(value);
    if (problem !== undefined) errors.push(locate(at, problem));
    else if (owner !== undefined) errors.push(locate(at, `address ${address} is already used by ${owner}`));
    owners.set(value, owner ?? node);
  }
  return errors;
}

function addressProblem(address: number, cidr: Cidr, network: string): string | undefined {
  const text = formatIpv4(address);
  const subnet = formatCidr(cidr);
  if (!cidrContains(cidr, address)) return `address ${text} is outside ${network}'s subnet ${subnet}`;
  if (address === cidr.base) return `address ${text} is the network address of ${subnet}`;
  if (address === broadcastAddress(cidr)) return `address ${text} is the broadcast address of ${subnet}`;
  if (address === gatewayAddress(cidr)) {
    return `address ${text} is reserved for the host bridge (Docker's gateway) of ${network}`;
  }
  return undefined;
}

/** Every network must reach every other one through routers, or multicast cannot cross the lab. */
function checkConnectivity(
  topology: Topology,
  attached: Attachment[],
  locate: Locate,
  rejected: Rejected,
): TopologyError[] {
  // A router or an interface the schema rejected may be the missing link.
  const linkRejected = rejected.some(
    ([section, , key]) => section === 'routers' && (key === undefined || key === 'interfaces'),
  );
  if (topology.networks.length < 2 || linkRejected) return [];
  const routersOn = new Map<string, string[]>();
  const networksOf = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const { node, kind, network } of attached) {
    if (kind !== 'router') continue;
    add(routersOn, network, node);
    add(networksOf, node, network);
  }
  // Start from a routed network so that one stray network does not make all the others unreachable.
  const start = topology.networks.find((network) => routersOn.has(network.name))?.name;
  const reached = new Set(start === undefined ? [] : [start]);
  const crossed = new Set<string>();
  for (const network of reached) {
    for (const router of routersOn.get(network) ?? []) {
      if (crossed.has(router)) continue;
      crossed.add(router);
      for (const next of networksOf.get(router) ?? []) reached.add(next);
    }
  }
  const hosted = new Set(attached.filter((a) => a.kind === 'host').map((a) => a.network));
  return topology.networks
    .filter((network) => !reached.has(network.name))
    .map(({ name }) => {
      const message = routersOn.has(name)
        ? `network ${name} is unreachable: no chain of routers connects it to ${start}`
        : hosted.has(name)
          ? `network ${name} has hosts but no router; connect a router to it`
          : `network ${name} is unreachable: no router is attached to it`;
      return locate(['networks', name], message, 'key');
    });
}

/**
 * Static RPs (RFC 7761 §4.7) must be routers that run router-sim, each serving a distinct range of
 * multicast addresses. They are kept whatever the mode, so a dense topology can be compared in sparse.
 */
function checkRp(topology: Topology, locate: Locate, rejected: Rejected): TopologyError[] {
  const routers = topology.routers.map((router) => router.name);
  const choices = routers.length > 0 ? `routers: ${routers.join(', ')}` : 'the lab has no routers';
  const multicast = parseCidr(ALL_GROUPS);
  const seen = new Set<string>();
  return (topology.defaults.rp ?? []).flatMap(({ router, groups }, i) => {
    const at = (key: string) => ['defaults', 'rp', i, key];
    const spec = topology.routers.find((r) => r.name === router);
    if (!spec) {
      if (rejected.has(['routers', router])) return [];
      return [locate(at('router'), `rp "${router}" is not a router; ${choices}`)];
    }
    if (spec.multicast === 'none' || spec.daemon === 'none') {
      const why = spec.daemon === 'none' ? 'daemon: none' : 'multicast: none';
      return [locate(at('router'), `rp "${router}" has ${why}; an RP must run router-sim`)];
    }
    if (rejected.has(at('groups'))) return [];
    const range = parseCidr(groups);
    if (!range || !multicast || range.prefix < multicast.prefix || !cidrContains(multicast, range.base)) {
      return [locate(at('groups'), `rp groups ${groups} is not within the multicast range ${ALL_GROUPS}`)];
    }
    const normal = formatCidr(range);
    if (seen.has(normal))
      return [locate(at('groups'), `rp groups ${groups} is served by another rp already`)];
    seen.add(normal);
    return [];
  });
}

/** A forwarding plane is what router-sim's multicast routing drives: a router without it has none to choose. */
function checkForwarding(topology: Topology, locate: Locate): TopologyError[] {
  return topology.routers
    .filter(
      (router) =>
        router.forwarding !== undefined && (router.multicast === 'none' || router.daemon === 'none'),
    )
    .map((router) => {
      const why = router.daemon === 'none' ? 'daemon: none' : 'multicast: none';
      return locate(
        ['routers', router.name, 'forwarding'],
        `router ${router.name} has ${why}, so router-sim drives no forwarding plane on it; remove forwarding or ${why}`,
      );
    });
}
