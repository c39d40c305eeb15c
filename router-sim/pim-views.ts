import type { PimNeighborsView, PimStateView } from '../common/router-views.js';
import type { Link } from './io/links.js';
import type { DenseModeRouter } from './pim/dense/dense-router.js';

/** PIM state for `show pim neighbors|state` and `show mroute`, with interfaces by name. */
export function pimViews(router: DenseModeRouter, links: readonly Link[]) {
  const link = (vif: number) => links[vif];
  const name = (vif: number) => link(vif)?.name ?? `vif${vif}`;

  const neighbors = (): PimNeighborsView[] =>
    router.neighbors().map((i) => ({
      interface: name(i.vif),
      network: link(i.vif)?.network ?? '',
      address: i.address,
      dr: i.dr,
      neighbors: i.neighbors,
    }));

  const state = (): PimStateView[] =>
    router.state().map((entry) => ({
      source: entry.source,
      group: entry.group,
      rpfInterface: name(entry.rpfVif),
      rpfNeighbor: entry.rpfNeighbor,
      upstream: {
        state: entry.upstream.state,
        assertState: entry.upstream.assertState,
        timers: { ...entry.upstream.timers },
      },
      downstream: entry.downstream.map((d) => ({
        interface: name(d.vif),
        pruneState: d.pruneState,
        assertState: d.assertState,
        ...(d.assertWinner ? { assertWinner: d.assertWinner } : {}),
        timers: d.timers,
      })),
      oifs: entry.oifs.map(name),
    }));

  /** The PIM summary `show mroute` adds to an (S,G) entry. */
  const ofEntry = (source: string, group: string) => {
    const entry = state().find((e) => e.source === source && e.group === group);
    return entry
      ? {
          upstream: entry.upstream.state,
          downstream: entry.downstream.map((d) => ({
            interface: d.interface,
            prune: d.pruneState,
            assert: d.assertState,
          })),
        }
      : undefined;
  };

  return { neighbors, state, ofEntry };
}
