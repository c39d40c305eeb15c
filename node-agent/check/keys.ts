import type { DeliveryRecord } from '../group-types/delivery-record.js';

/** One message: its sender and its id (unique per sender). */
export const messageKey = (r: DeliveryRecord): string => `${r.sender}\u0000${r.msgId}`;

/** One incarnation of a sender: a restarted sender numbers its messages afresh. */
export const incarnationKey = (r: DeliveryRecord): string => `${r.sender}\u0000${r.inc ?? ''}`;
