import { readFile } from 'node:fs/promises';
import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { NodeConfig } from '../common/node-config.js';
import type { EventLog } from '../common/protocol-events.js';
import { systemRandom } from '../common/sim/random.js';
import type { ForwardingPlane } from './fib/forwarding-plane.js';
import { type Link, registerVif } from './io/links.js';
import type { RawSender } from './io/raw-sender.js';
import { type PimReceiver, startPimEdge } from './pim-edge.js';
import { openPimOutput, type PimOutput } from './pim-output.js';
import { denseViews, type PimViews, sparseViews } from './pim-views.js';
import { denseModeRouter, type PimParts, sparseModeRouter } from './protocol-machines.js';
import { RpfResolver } from './rib/rpf-resolver.js';
import type { Routing } from './routing/routing.js';

/** A PIM mode (dense or sparse) as the daemon runs it: routing, plus views of its state. */
export interface PimMode extends Routing {
  views: PimViews;
}

/** What starting a PIM mode takes from the daemon. */
export interface PimModeParts {
  config: NodeConfig;
  links: Link[];
  clock: Clock;
  log: Logger;
  events: EventLog;
  plane: ForwardingPlane;
  senders: RawSender[];
  hasLocalMembers: (vif: number, group: string) => boolean;
}

/** A mode's protocol router as the daemon drives it, and as the input edge hands it messages. */
type PimRouter = Routing & Omit<PimReceiver, 'receiveUnicast'>;

/** What differs between the modes at the daemon: the router, where unicast PIM goes, the views. */
interface ModeRouter {
  router: PimRouter;
  receiveUnicast: PimReceiver['receiveUnicast'];
  views: PimViews;
}

/**
 * PIM dense or sparse mode at the daemon's edges. The router is built on the way out (per-link
 * senders, routed Registers) and RPF from the kernel's unicast table; the input edge then hands it
 * what it hears. The routes are read before the router starts, and upcalls pass the edge.
 */
export function startPimMode(mode: 'dense' | 'sparse', parts: PimModeParts): PimMode {
  const { config, links, clock, log, events } = parts;
  const rpf = new RpfResolver(links, () => readFile('/proc/net/route', 'utf8'));
  const output = openPimOutput(parts);
  const machineParts: PimParts = {
    clock,
    random: systemRandom,
    interfaces: links.map(({ vif, name, address, prefixLength }) => ({ vif, name, address, prefixLength })),
    plane: parts.plane,
    rpf: (address) => rpf.rpf(address),
    hasLocalMembers: parts.hasLocalMembers,
    port: output.port,
    sink: events,
  };
  const { router, receiveUnicast, views } =
    mode === 'dense'
      ? denseMode(config, machineParts, links)
      : sparseMode(config, machineParts, parts, output);
  const edge = startPimEdge({
    links,
    clock,
    log,
    events,
    rpf,
    receiver: {
      receive: (vif, message, source) => router.receive(vif, message, source),
      receiveUnicast,
      rpfChanged: () => router.rpfChanged(),
    },
  });
  return {
    views,
    start: () => edge.start(() => router.start()),
    onUpcall: (upcall) => edge.upcall(upcall, (u) => router.onUpcall(u)),
    membershipChanged: (vif, group, hasMembers) => router.membershipChanged(vif, group, hasMembers),
    stop: () => {
      router.stop();
      edge.stop();
      output.close();
    },
  };
}

function denseMode(config: NodeConfig, machineParts: PimParts, links: readonly Link[]): ModeRouter {
  const router = denseModeRouter(config, machineParts);
  // Dense mode has no Registers.
  return { router, receiveUnicast: () => {}, views: denseViews(router, links) };
}

/** Registers addressed to us are decapsulated onto the register VIF, already in the plane. */
function sparseMode(
  config: NodeConfig,
  machineParts: PimParts,
  parts: PimModeParts,
  output: PimOutput,
): ModeRouter {
  const { links, plane } = parts;
  const router = sparseModeRouter(config, {
    ...machineParts,
    registerVif: registerVif(links),
    port: output.port,
  });
  return {
    router,
    receiveUnicast: (message, source, destination) => {
      if (message.type === 'register') plane.decapsulate(message);
      router.receiveUnicast(message, source, destination);
    },
    views: sparseViews(router, links),
  };
}
