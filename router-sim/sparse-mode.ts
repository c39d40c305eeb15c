import { systemRandom } from '../common/sim/random.js';
import { registerVif } from './io/links.js';
import { startPimEdge } from './pim-edge.js';
import { type PimMode, type PimModeParts, pimMode } from './pim-mode.js';
import { sparseViews } from './pim-views.js';
import { sparseModeRouter } from './protocol-machines.js';

/**
 * PIM sparse mode's edges: the shared PIM edge (packets, RPF), Registers addressed to us decapsulated
 * onto the register VIF, and Registers routed to the RP; the protocol itself is SparseModeRouter. The
 * register VIF is already in the plane.
 */
export function startSparseMode(parts: PimModeParts): PimMode {
  const { config, links, clock, log, events, plane, senders } = parts;
  const edge = startPimEdge({
    links,
    clock,
    log,
    events,
    senders,
    receiver: () => ({
      receive: (vif, message, source) => router.receive(vif, message, source),
      receiveUnicast: (message, source, destination) => {
        if (message.type === 'register') plane.decapsulate(message);
        router.receiveUnicast(message, source, destination);
      },
      rpfChanged: () => router.rpfChanged(),
    }),
  });
  const router = sparseModeRouter(config, {
    clock,
    random: systemRandom,
    interfaces: links.map((l) => ({ vif: l.vif, address: l.address, prefixLength: l.prefixLength })),
    registerVif: registerVif(links),
    plane,
    rpf: (address) => edge.rpf.rpf(address),
    hasLocalMembers: parts.hasLocalMembers,
    port: { send: edge.port.send, unicast: edge.unicast },
    sink: events,
  });

  return pimMode(edge, router, sparseViews(router, links));
}
