import { type DeliveryRecord, isDeliveryRecord } from '../group-types/delivery-record.js';
import type { Store, StoreRecord } from '../store/store.js';
import type { VsData } from '../views/messages.js';
import type { Member } from '../views/view.js';
import { isViewRecord, type LogEntry, type ViewRecord } from '../views/view-record.js';

/** A delivered message in the store: its delivery record, the sender's incarnation and the payload. */
export interface DeliveryStoreRecord extends StoreRecord {
  type: 'delivery';
  group: string;
  record: DeliveryRecord;
  inc: number;
  /** Base64. */
  payload: string;
}

/** An installed view in the store: its record, with the members' incarnations. */
export interface ViewStoreRecord extends StoreRecord {
  type: 'view';
  group: string;
  record: ViewRecord;
  members: Member[];
}

export function deliveryStoreRecord(record: DeliveryRecord, message: VsData): DeliveryStoreRecord {
  return {
    type: 'delivery',
    group: record.group,
    record,
    inc: message.inc,
    payload: message.payload.toString('base64'),
  };
}

export function viewStoreRecord(record: ViewRecord, members: Member[]): ViewStoreRecord {
  return { type: 'view', group: record.group, record, members };
}

export interface RecoveredAtomicState {
  /** Delivered messages, to serve and to skip when catching up. */
  messages: VsData[];
  /** The log as delivered (messages and views), in order. */
  entries: LogEntry[];
  /** The highest view number installed, if the member ever was in a view. */
  lastView: number | undefined;
}

/** Reads one group's records back from a store; records of other groups or layers are skipped. */
export function readAtomicStore(store: Store, group: string): RecoveredAtomicState {
  const state: RecoveredAtomicState = { messages: [], entries: [], lastView: undefined };
  for (const r of store.records()) {
    if (r.group !== group) continue;
    if (
      r.type === 'delivery' &&
      isDeliveryRecord(r.record) &&
      Number.isInteger(r.inc) &&
      typeof r.payload === 'string'
    ) {
      const record = r.record;
      state.entries.push(record);
      state.messages.push({
        type: 'data',
        group,
        origin: record.sender,
        inc: r.inc as number,
        view: record.view,
        relay: false,
        seq: record.seq,
        retransmit: false,
        history: false,
        orders: [],
        finals: [],
        payload: Buffer.from(r.payload, 'base64'),
      });
    } else if (r.type === 'view' && isViewRecord(r.record)) {
      state.entries.push(r.record);
      state.lastView = Math.max(state.lastView ?? 0, r.record.view);
    }
  }
  return state;
}
