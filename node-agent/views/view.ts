import type { MemberId } from '../wire/messages.js';

/** A member as views know it: its id and its incarnation (a restarted or rejoining member is a new one). */
export interface Member {
  id: MemberId;
  inc: number;
}

/** A view's identity: its number and the coordinator that installed it (two partitions may share numbers). */
export interface ViewRef {
  id: number;
  coordinator: MemberId;
}

/**
 * One view of the group: the members in seniority order (the oldest first, joiners appended), so the
 * coordinator — the oldest member — is `members[0]`.
 */
export interface View extends ViewRef {
  members: Member[];
}

export const memberKey = (m: Member): string => `${m.id}#${m.inc.toString(16)}`;

export const sameRef = (a: ViewRef | undefined, b: ViewRef | undefined): boolean =>
  a !== undefined && b !== undefined && a.id === b.id && a.coordinator === b.coordinator;

export const refOf = (view: View): ViewRef => ({ id: view.id, coordinator: view.coordinator });

/** The member's position in the view's seniority order, or -1 (an other incarnation is not the member). */
export function rankOf(view: View, member: Member): number {
  return view.members.findIndex((m) => m.id === member.id && m.inc === member.inc);
}

export const isIn = (view: View | undefined, member: Member): boolean =>
  view !== undefined && rankOf(view, member) >= 0;

/** The view's member with this id, whatever its incarnation. */
export const byId = (view: View | undefined, id: MemberId): Member | undefined =>
  view?.members.find((m) => m.id === id);
