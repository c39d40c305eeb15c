import type { PlannedNode } from '../topology/plan.js';
import type { RuntimeContext } from './context.js';
import type { NodeImages } from './images.js';

/** What a node's container runs, from which image, with which mounts. */
export interface NodeLaunch {
  image: string;
  /** Absent: the image's own command. */
  cmd?: string[];
  binds: string[];
  /** The lab's own images run read-only; a user's image is the user's to write in. */
  readOnlyRoot: boolean;
}

const APP_MOUNT = '/app';
/** Where a user's image finds the host's Node.js binary, to run the lab's daemon with. */
export const NODE_MOUNT = '/opt/mcast-lab/node';

const entryPoint = (kind: PlannedNode['kind']) =>
  `${APP_MOUNT}/dist/${kind === 'router' ? 'router-sim' : 'node-agent'}/main.js`;

/**
 * Extra Node.js flags for the daemons, from MCAST_LAB_NODE_FLAGS (e.g. `--cpu-prof
 * --cpu-prof-dir=/run/mcast-lab` profiles every node into its run directory when it stops).
 */
const nodeFlags = () => process.env.MCAST_LAB_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];

/** The daemons' code and, for an installed package, the project's node_modules that hold its dependencies. */
const appBinds = (ctx: RuntimeContext) => [
  `${ctx.appRoot}:${APP_MOUNT}:ro`,
  ...(ctx.appModules ? [`${ctx.appModules}:/node_modules:ro`] : []),
];

/**
 * The lab's daemon runs from the mounted app: with the base image's node, or with the host's node
 * mounted into a user's image (which runs where the image's C library is compatible, as on Debian or
 * Ubuntu images). Without the daemon the node runs the user's command, or the image's own. With both,
 * the daemon starts the command (it gets it from the node's config).
 */
export function nodeLaunch(ctx: RuntimeContext, node: PlannedNode, images: NodeImages): NodeLaunch {
  const { image: userImage, command, binds = [] } = node.program;
  const userBinds = binds.map((b) => `${b.source}:${b.target}:${b.writable ? 'rw' : 'ro'}`);
  const daemon = (node_: string) => [node_, '--enable-source-maps', ...nodeFlags(), entryPoint(node.kind)];
  if (userImage !== undefined)
    return node.daemon
      ? {
          image: userImage,
          cmd: daemon(NODE_MOUNT),
          binds: [...appBinds(ctx), `${process.execPath}:${NODE_MOUNT}:ro`, ...userBinds],
          readOnlyRoot: false,
        }
      : { image: userImage, ...(command ? { cmd: command } : {}), binds: userBinds, readOnlyRoot: false };
  if (images.source === 'compose')
    return {
      image: images[node.kind],
      ...(node.daemon ? {} : { cmd: command ?? [] }),
      binds: userBinds,
      readOnlyRoot: true,
    };
  return {
    image: images.image,
    cmd: node.daemon ? daemon('/usr/local/bin/node') : (command ?? []),
    binds: node.daemon ? [...appBinds(ctx), ...userBinds] : userBinds,
    readOnlyRoot: true,
  };
}
