import type { Link } from '../io/links.js';
import { lookupRoute, parseRouteTable, type UnicastRoute } from './route-table.js';

/** Where a source's packets must arrive (RFC 7761 §4.5.x, RFC 3973 §4.1: RPF interface and neighbor). */
export interface RpfInfo {
  vif: number;
  /** The next hop toward the source, or undefined when the source is on the RPF interface's subnet. */
  neighbor: string | undefined;
  /** Assert metrics: connected routes 0, static routes 1 (the admin distance), then the route metric. */
  metricPreference: number;
  metric: number;
}

/**
 * RPF from the kernel's unicast table. `refresh` re-reads it (routes arrive after the daemon starts
 * and may change) and tells whether anything changed, so (S,G) state can be re-evaluated.
 */
export class RpfResolver {
  private routes: UnicastRoute[] = [];
  private text = '';

  constructor(
    private readonly links: readonly Link[],
    private readonly readTable: () => Promise<string>,
  ) {}

  async refresh(): Promise<boolean> {
    const text = await this.readTable();
    if (text === this.text) return false;
    this.text = text;
    this.routes = parseRouteTable(text);
    return true;
  }

  rpf(source: string): RpfInfo | undefined {
    const route = lookupRoute(this.routes, source);
    const link = route && this.links.find((l) => l.name === route.interface);
    if (!route || !link) return undefined;
    return {
      vif: link.vif,
      neighbor: route.gateway,
      metricPreference: route.gateway ? 1 : 0,
      metric: route.metric,
    };
  }
}
