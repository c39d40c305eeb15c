import type { DeliveryRecord } from '../group-types/delivery-record.js';

/** One message: its sender and its id (unique per sender). */
export const messageKey = (r: DeliveryRecord): string => `${r.sender}\u0000${r.msgId}`;

/** One sender's numbering: a restarted sender (new incarnation) numbers a new stream. */
export const streamKey = (r: DeliveryRecord): string => `${r.sender}\u0000${r.inc ?? ''}`;
