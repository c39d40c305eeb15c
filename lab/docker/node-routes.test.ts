import { describe, expect, it } from 'vitest';
import type { PlannedNode, PlannedRoute } from '../topology/plan.js';
import { routeCommands } from './node-routes.js';

const withRoutes = (kind: PlannedNode['kind'], routes: PlannedRoute[]): PlannedNode => ({
  name: 'n1',
  kind,
  interfaces: [{ network: 'lan1', address: '10.100.1.10', prefixLength: 24 }],
  routes,
  igmpVersion: 3,
  multicastRouting: kind === 'router',
  forwarding: 'auto',
  daemon: true,
  program: {},
});

describe('routeCommands', () => {
  it("replaces Docker's default route with the planned one, without deleting it first", () => {
    expect(routeCommands(withRoutes('host', [{ destination: 'default', via: '10.100.1.2' }]))).toEqual([
      'route replace default via 10.100.1.2',
    ]);
  });

  it("deletes Docker's default route when the plan has none, before adding subnet routes", () => {
    expect(
      routeCommands(
        withRoutes('router', [
          { destination: '10.100.2.0/24', via: '10.100.0.3' },
          { destination: '10.100.3.0/24', via: '10.100.0.4' },
        ]),
      ),
    ).toEqual([
      'route del default',
      'route replace 10.100.2.0/24 via 10.100.0.3',
      'route replace 10.100.3.0/24 via 10.100.0.4',
    ]);
  });

  it('only deletes the default route for a node with no routes at all', () => {
    expect(routeCommands(withRoutes('router', []))).toEqual(['route del default']);
    expect(routeCommands(withRoutes('host', []))).toEqual(['route del default']);
  });

  it('keeps the planned order with a default among other routes', () => {
    expect(
      routeCommands(
        withRoutes('router', [
          { destination: '10.100.5.0/24', via: '10.100.0.9' },
          { destination: 'default', via: '10.100.0.1' },
        ]),
      ),
    ).toEqual(['route replace 10.100.5.0/24 via 10.100.0.9', 'route replace default via 10.100.0.1']);
  });
});
