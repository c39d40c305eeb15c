import type { Upcall } from './forwarding-plane.js';
import { SimPlane } from './sim-plane.js';
import { describePlaneConformance } from './testing/plane-conformance.js';

describePlaneConformance('simulated plane', () => {
  const plane = new SimPlane(() => {});
  const upcalls: Upcall[] = [];
  plane.onUpcall((upcall) => upcalls.push(upcall));
  for (const index of [0, 1, 2])
    plane.addVif({ index, name: `eth${index}`, ifindex: 10 + index, address: `10.0.${index}.1` });
  const source = '10.0.0.7';
  return {
    setRoute: async (entry) => plane.setRoute(entry),
    deleteRoute: async (s, g) => plane.deleteRoute(s, g),
    routes: () => plane.routes(),
    vifs: () => plane.vifs(),
    upcalls,
    source,
    inject: async (group, count) => {
      for (let i = 0; i < count; i++) plane.receive(0, source, group, 100);
    },
  };
});
