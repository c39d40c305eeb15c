import type { Link } from '../io/links.js';
import { lookupRoute, parseRouteTable, type UnicastRoute } from './route-table.js';
import type { Rpf } from './rpf.js';

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

  rpf(source: string): Rpf | undefined {
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
