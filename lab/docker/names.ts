import { join } from 'node:path';
import { CONTROL_SOCKET_NAME } from '../../common/control/protocol.js';
import type { RuntimeContext } from './context.js';

/** Labels every lab object carries: destroy and inspect find everything through them. */
export const LABEL_LAB = 'mcast-lab.lab';
export const LABEL_NODE = 'mcast-lab.node';
export const LABEL_KIND = 'mcast-lab.kind';
export const LABEL_NETWORK = 'mcast-lab.network';

/** Labs the test fixtures deploy are named `test-…`: a sweep removes those an earlier run left behind. */
export const TEST_LAB_PREFIX = 'test-';

export const containerName = (lab: string, node: string) => `mcast-lab-${lab}-${node}`;
export const dockerNetworkName = (lab: string, network: string) => `mcast-lab-${lab}-${network}`;

export const labRunDir = (ctx: RuntimeContext, lab: string) => join(ctx.runDir, lab);
export const nodeRunDir = (ctx: RuntimeContext, lab: string, node: string) => join(ctx.runDir, lab, node);
export const controlSocketPath = (ctx: RuntimeContext, lab: string, node: string) =>
  join(nodeRunDir(ctx, lab, node), CONTROL_SOCKET_NAME);
