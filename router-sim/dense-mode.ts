import { systemRandom } from '../common/sim/random.js';
import { startPimEdge } from './pim-edge.js';
import { type PimMode, type PimModeParts, pimMode } from './pim-mode.js';
import { denseViews } from './pim-views.js';
import { denseModeRouter } from './protocol-machines.js';

/**
 * PIM dense mode's edges: the shared PIM edge (packets, RPF); the protocol itself is DenseModeRouter.
 */
export function startDenseMode(parts: PimModeParts): PimMode {
  const { config, links, clock, log, events, plane, senders } = parts;
  const edge = startPimEdge({
    links,
    clock,
    log,
    events,
    senders,
    receiver: () => ({
      receive: (vif, message, source) => router.receive(vif, message, source),
      // Dense mode has no Registers.
      receiveUnicast: () => {},
      rpfChanged: () => router.rpfChanged(),
    }),
  });
  const router = denseModeRouter(config, {
    clock,
    random: systemRandom,
    interfaces: links.map((l) => ({ vif: l.vif, address: l.address, prefixLength: l.prefixLength })),
    plane,
    rpf: (source) => edge.rpf.rpf(source),
    hasLocalMembers: parts.hasLocalMembers,
    port: edge.port,
    sink: events,
  });

  return pimMode(edge, router, denseViews(router, links));
}
