import type {
  MrouteView,
  PimNeighborsView,
  PimStateView,
  SparseStateListView,
  SparseStateView,
} from '../common/router-views.js';
import { type Link, vifName } from './io/links.js';
import type { PimInterfaceSnapshot } from './pim/common/interface.js';
import type { DenseModeRouter } from './pim/dense/dense-router.js';
import type { SparseModeRouter } from './pim/sparse/sparse-router.js';

/** `show pim neighbors`: each interface's neighbors and DR, interfaces by name. */
export function neighborsView(
  interfaces: PimInterfaceSnapshot[],
  links: readonly Link[],
): PimNeighborsView[] {
  return interfaces.map((i) => ({
    interface: vifName(links, i.vif),
    network: links[i.vif]?.network ?? '',
    address: i.address,
    dr: i.dr,
    neighbors: i.neighbors,
  }));
}

/** What `show pim …` and `show mroute` read from the PIM mode a router runs. */
export interface PimViews {
  neighbors(): PimNeighborsView[];
  state(): unknown;
  /** The protocol's summary of one (S,G) forwarding entry. */
  ofEntry(source: string, group: string): MrouteView['pim'] | undefined;
}

/** Dense mode's (S,G) state for `show pim state` and `show mroute`, with interfaces by name. */
export function denseViews(router: DenseModeRouter, links: readonly Link[]): PimViews {
  const name = (vif: number) => vifName(links, vif);
  const neighbors = () => neighborsView(router.neighbors(), links);

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
            state: `${d.pruneState}/${d.assertState}`,
          })),
        }
      : undefined;
  };

  return { neighbors, state, ofEntry };
}

/** Sparse mode's (*,G), (S,G) and (S,G,rpt) state for `show pim state` and `show mroute`. */
export function sparseViews(router: SparseModeRouter, links: readonly Link[]): PimViews {
  const name = (vif: number) => vifName(links, vif);
  const state = (): SparseStateListView => {
    const { rps, entries } = router.state();
    return {
      rps: rps.map(({ address, group, maskLength }) => ({ address, group, maskLength })),
      entries: entries.map(
        (e): SparseStateView => ({
          kind: e.kind,
          ...(e.source === undefined ? {} : { source: e.source }),
          group: e.group,
          rp: e.rp,
          rpfInterface: e.rpfVif === null ? null : name(e.rpfVif),
          rpfNeighbor: e.rpfNeighbor,
          upstream: e.upstream,
          ...(e.sptBit === undefined ? {} : { sptBit: e.sptBit }),
          ...(e.register === undefined ? {} : { register: e.register }),
          olist: e.olist.map(name),
          ...(e.mroute ? { mroute: { iif: name(e.mroute.iif), oifs: e.mroute.oifs.map(name) } } : {}),
          downstream: e.downstream.map((d) => ({
            interface: name(d.vif),
            state: d.state,
            timers: { ...d.timers },
          })),
          timers: { ...e.timers },
        }),
      ),
    };
  };

  /** (S,G) with its SPT bit and register state, downstream per interface from (S,G) and (*,G). */
  const ofEntry = (source: string, group: string) => {
    const { entries } = state();
    const sg = entries.find((e) => e.kind === '(S,G)' && e.source === source && e.group === group);
    const starG = entries.find((e) => e.kind === '(*,G)' && e.group === group);
    const main = sg ?? starG;
    if (!main) return undefined;
    return {
      upstream: main.upstream,
      downstream: [...(starG?.downstream ?? []), ...(sg?.downstream ?? [])],
      ...(sg?.sptBit === undefined ? {} : { sptBit: sg.sptBit }),
      ...(sg?.register === undefined ? {} : { register: sg.register }),
    };
  };

  return { neighbors: () => neighborsView(router.neighbors(), links), state, ofEntry };
}
