import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { NodeConfig } from '../common/node-config.js';
import { systemRandom } from '../common/sim/random.js';
import type { KernelPlane } from './fib/kernel-plane.js';
import type { Link } from './io/links.js';
import type { RawSender } from './io/raw-sender.js';
import { pimTimers } from './pim/common/timers.js';
import { DenseModeRouter } from './pim/dense/dense-router.js';
import { startPimEdge } from './pim-edge.js';
import type { PimMode } from './pim-mode.js';
import { denseViews } from './pim-views.js';

/**
 * PIM dense mode's edges: the shared PIM edge (packets, RPF) and WRONGVIF upcalls for asserts; the
 * protocol itself is DenseModeRouter.
 */
export function startDenseMode(parts: {
  config: NodeConfig;
  links: Link[];
  clock: Clock;
  log: Logger;
  plane: KernelPlane;
  senders: RawSender[];
  hasLocalMembers: (vif: number, group: string) => boolean;
}): PimMode {
  const { config, links, clock, log, plane, senders } = parts;
  plane.enableAssertUpcalls();
  const edge = startPimEdge({
    links,
    clock,
    log,
    senders,
    receiver: () => ({
      receive: (vif, message, source) => router.receive(vif, message, source),
      // Dense mode has no Registers.
      receiveUnicast: () => {},
      rpfChanged: () => router.rpfChanged(),
    }),
  });
  const router = new DenseModeRouter({
    clock,
    timers: pimTimers(config.profile),
    random: systemRandom,
    interfaces: links.map((l) => ({ vif: l.vif, address: l.address, prefixLength: l.prefixLength })),
    plane,
    rpf: (source) => edge.rpf.rpf(source),
    hasLocalMembers: parts.hasLocalMembers,
    port: edge.port,
  });

  return {
    views: denseViews(router, links),
    start: () => edge.start(() => router.start()),
    onUpcall: (upcall) => edge.upcall(upcall, (u) => router.onUpcall(u)),
    membershipChanged: (vif, group, hasMembers) => router.membershipChanged(vif, group, hasMembers),
    stop: () => {
      router.stop();
      edge.stop();
    },
  };
}
