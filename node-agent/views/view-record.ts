import type { DeliveryRecord } from '../group-types/delivery-record.js';
import type { ViewRef } from './view.js';

/**
 * A view installed by a member, as its line of `deliveries.jsonl`: it sits in delivery order among the
 * member's messages, so a checker can verify view synchrony from the logs alone. Messages after it (up
 * to the next view record) were delivered in this view, and their records carry the same `view`.
 */
export interface ViewRecord {
  type: 'view';
  group: string;
  /** The view number (delivery records' `view`). */
  view: number;
  /** The coordinator (the oldest member, first in `members`): two partitions may reuse a number. */
  coordinator: string;
  /** Member ids in seniority order. */
  members: string[];
  /**
   * The view this member came from through a flush (it survived it into this one); null when it
   * joined instead — fresh, restarted, rejoining after exclusion or merging from another partition.
   */
  prev: { view: number; coordinator: string } | null;
  t: number;
}

/** One line of a delivery log: a delivered message or an installed view. */
export type LogEntry = DeliveryRecord | ViewRecord;

export const isView = (entry: LogEntry): entry is ViewRecord => (entry as ViewRecord).type === 'view';

/** A view's identity in tables: its number and coordinator. */
export const viewKey = (ref: { view: number; coordinator: string } | ViewRef): string =>
  `${'view' in ref ? ref.view : ref.id}@${ref.coordinator}`;

/** Narrowing for records read from a file. */
export function isViewRecord(value: unknown): value is ViewRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const prev = r.prev as Record<string, unknown> | null | undefined;
  return (
    r.type === 'view' &&
    typeof r.group === 'string' &&
    Number.isInteger(r.view) &&
    typeof r.coordinator === 'string' &&
    Array.isArray(r.members) &&
    r.members.every((m) => typeof m === 'string') &&
    typeof r.t === 'number' &&
    (prev === null ||
      (typeof prev === 'object' && Number.isInteger(prev.view) && typeof prev.coordinator === 'string'))
  );
}
