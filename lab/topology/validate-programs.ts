import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locate } from '../yaml/locate.js';
import type { Rejected } from '../yaml/salvage.js';
import type { HostSpec, RouterSpec, Topology, TopologyError } from './model.js';

/**
 * Checks of the nodes' own programs (model.ts NodeProgram): something must run in every node, options
 * of router-sim need router-sim, and what `binds` mounts must exist (relative to `baseDir`, the topology
 * file's directory).
 */
export function checkPrograms(
  topology: Topology,
  locate: Locate,
  rejected: Rejected,
  baseDir: string,
): TopologyError[] {
  const nodes = [
    ...topology.routers.map((node) => ({ node, section: 'routers', daemon: daemonOf(node) })),
    ...topology.hosts.map((node) => ({ node, section: 'hosts', daemon: daemonOf(node) })),
  ];
  return nodes.flatMap(({ node, section, daemon }) => {
    const at = (...path: (string | number)[]) => [section, node.name, ...path];
    const errors: TopologyError[] = [];
    // A rejected image or command was meant to run something: its own error says what is wrong.
    const program = [node.image, node.command].some((given) => given !== undefined);
    const programRejected = rejected.has(at('image')) || rejected.has(at('command'));
    if (!daemon.runs && !program && !programRejected)
      errors.push(
        locate(
          at(daemon.key),
          `${node.name} would run nothing: with ${daemon.key}: ${daemon.off} give it a command, or an image that has one`,
        ),
      );
    if (!daemon.runs && 'multicast' in node && node.multicast !== undefined)
      errors.push(
        locate(at('multicast'), `${node.name} runs no router-sim (daemon: none): multicast does not apply`),
      );
    node.binds?.forEach(({ source }, i) => {
      if (!existsSync(resolve(baseDir, source)))
        errors.push(
          locate(
            at('binds', i),
            `bind source ${source} does not exist (looked for ${resolve(baseDir, source)})`,
          ),
        );
    });
    return errors;
  });
}

/** Whether the lab's own daemon runs in the node, and the key that says so. */
function daemonOf(node: RouterSpec | HostSpec) {
  return 'interfaces' in node
    ? { runs: node.daemon !== 'none', key: 'daemon', off: 'none' }
    : { runs: node.agent !== false, key: 'agent', off: 'off' };
}

/** The topology with every bind source made absolute: the file's directory is where they were meant. */
export function resolveBinds(topology: Topology, baseDir: string): Topology {
  const absolute = <T extends RouterSpec | HostSpec>(node: T): T =>
    node.binds
      ? { ...node, binds: node.binds.map((b) => ({ ...b, source: resolve(baseDir, b.source) })) }
      : node;
  return { ...topology, routers: topology.routers.map(absolute), hosts: topology.hosts.map(absolute) };
}
