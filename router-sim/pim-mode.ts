import type { MrouteView, PimNeighborsView } from '../common/router-views.js';
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
