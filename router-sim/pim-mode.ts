import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { NodeConfig } from '../common/node-config.js';
import type { EventLog } from '../common/protocol-events.js';
import type { MrouteView, PimNeighborsView } from '../common/router-views.js';
import type { ForwardingPlane } from './fib/forwarding-plane.js';
import type { Link } from './io/links.js';
import type { RawSender } from './io/raw-sender.js';
import type { PimEdge } from './pim-edge.js';
import type { Routing } from './routing/routing.js';

/** What `show pim …` and `show mroute` read from the PIM mode a router runs. */
export interface PimViews {
  neighbors(): PimNeighborsView[];
  state(): unknown;
  /** The protocol's summary of one (S,G) forwarding entry. */
  ofEntry(source: string, group: string): MrouteView['pim'] | undefined;
}

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

/** A mode's protocol router as the daemon drives it. */
type PimRouter = Omit<Routing, 'start'> & { start(): void };

/** Runs a mode's router behind the shared edge: routes are read before it starts, upcalls pass the edge. */
export function pimMode(edge: PimEdge, router: PimRouter, views: PimViews): PimMode {
  return {
    views,
    start: () => edge.start(() => router.start()),
    onUpcall: (upcall) => edge.upcall(upcall, (u) => router.onUpcall(u)),
    membershipChanged: (vif, group, hasMembers) => router.membershipChanged(vif, group, hasMembers),
    stop: () => {
      router.stop();
      edge.stop();
    },
  };
}
