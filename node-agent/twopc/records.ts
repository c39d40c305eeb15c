import type { StoreRecord } from '../store/store.js';
import type { Outcome, Vote } from './messages.js';

/**
 * Two-phase commit's records in the node's store:
 *   begin   the coordinator proposed the transaction (before PREPARE goes out);
 *   vote    this member voted (before its VOTE goes out);
 *   decide  the decision is known here (the coordinator logs it before DECISION goes out).
 */
export type TxStoreRecord = StoreRecord & { type: 'tx'; group: string; tx: string } & (
    | { event: 'begin'; payload: string }
    | { event: 'vote'; vote: Vote }
    | { event: 'decide'; outcome: Outcome }
  );

export function isTxStoreRecord(r: StoreRecord, group: string): r is TxStoreRecord {
  if (r.type !== 'tx' || r.group !== group || typeof r.tx !== 'string') return false;
  return (
    (r.event === 'begin' && typeof r.payload === 'string') ||
    (r.event === 'vote' && (r.vote === 'yes' || r.vote === 'no')) ||
    (r.event === 'decide' && (r.outcome === 'commit' || r.outcome === 'abort'))
  );
}
