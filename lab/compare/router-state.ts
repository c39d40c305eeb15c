/** Multicast routing state a router holds: (S,G) entries, and in sparse mode (*,G) and (S,G,rpt). */
export interface RouterStateCount {
  router: string;
  sg: number;
  starG: number;
  sgRpt: number;
}

/** What `show pim-state` lists: dense mode's (S,G) entries, or sparse mode's entries of each kind. */
export type PimStateList = readonly unknown[] | SparseList;
type SparseList = { entries: readonly { kind: string }[] };

export function countState(router: string, view: PimStateList): RouterStateCount {
  const count = { router, sg: 0, starG: 0, sgRpt: 0 };
  if (Array.isArray(view)) return { ...count, sg: view.length };
  for (const entry of (view as SparseList).entries) {
    if (entry.kind === '(S,G)') count.sg++;
    else if (entry.kind === '(*,G)') count.starG++;
    else count.sgRpt++;
  }
  return count;
}
