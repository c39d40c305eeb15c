import type { Member, View } from './view.js';

/**
 * What happens when the group splits and heals (the protocol: atomic/README.md):
 * - `merge`: every side goes on installing views and delivering; once the sides hear each other again,
 *   the side whose view has no precedence flushes its view and joins the other's, so one view holds all.
 * - `primary`: only a side holding a strict majority of the last view it installed goes on; the others
 *   block (no sends, no deliveries, no views) until they hear the primary again, then rejoin it and
 *   catch up on what it delivered meanwhile.
 */
export type PartitionMode = 'merge' | 'primary';

/**
 * Whether a view change from `previous` keeping `survivors` (members of it still heard, leavers
 * included) may install a view. A member's first view (a singleton) has no previous view: always.
 */
export function hasQuorum(
  mode: PartitionMode,
  previous: View | undefined,
  survivors: readonly Member[],
): boolean {
  if (mode === 'merge' || previous === undefined) return true;
  const alive = survivors.filter((s) => previous.members.some((m) => m.id === s.id && m.inc === s.inc));
  return alive.length * 2 > previous.members.length;
}

/** A live view as others advertise it in their status. */
export interface ViewSummary {
  coordinator: string;
  size: number;
}

/**
 * Which of two live views the other merges into: the larger one, then the one whose coordinator has
 * the smaller id. Every member compares the same way, so the two sides agree on who dissolves.
 */
export function precedes(a: ViewSummary, b: ViewSummary): boolean {
  if (a.size !== b.size) return a.size > b.size;
  return a.coordinator < b.coordinator;
}
