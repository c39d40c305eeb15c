import { hash } from 'node:crypto';

/**
 * One line of `deliveries.jsonl` (ARCHITECTURE.md): what a member delivered, in delivery order. The
 * checker reads only these.
 */
export interface DeliveryRecord {
  group: string;
  sender: string;
  /** Unique per sender: `<incarnation hex>-<seq>`. */
  msgId: string;
  /** The sender's sequence number (per incarnation). */
  seq: number;
  view: number;
  /** Delivery time, ms since epoch. */
  t: number;
  sha256: string;
  /** The sender's incarnation (hex): a restarted sender numbers a new stream from 0. */
  inc?: string;
  /** Causal groups: the message's vector timestamp (member → messages of that member it follows). */
  vt?: Record<string, number>;
  /**
   * Atomic groups: delivered while (re)joining, out of the history of views this member was not in
   * (a restarted or excluded member catching up); `view` is then the view the message was sent in.
   */
  catchUp?: boolean;
}

function sha256(payload: Buffer): string {
  return hash('sha256', payload, 'hex');
}

export function messageId(inc: number, seq: number): string {
  return `${inc.toString(16)}-${seq}`;
}

/** Narrowing for records read from a file: the fields the checker relies on, with their types. */
export function isDeliveryRecord(value: unknown): value is DeliveryRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.group === 'string' &&
    typeof r.sender === 'string' &&
    typeof r.msgId === 'string' &&
    Number.isInteger(r.seq) &&
    typeof r.view === 'number' &&
    typeof r.t === 'number' &&
    typeof r.sha256 === 'string' &&
    (r.inc === undefined || typeof r.inc === 'string') &&
    (r.vt === undefined || isCounts(r.vt)) &&
    (r.catchUp === undefined || typeof r.catchUp === 'boolean') &&
    r.type === undefined
  );
}

function isCounts(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((n) => Number.isInteger(n))
  );
}

/** The delivery record of a message from its sender's stream, delivered at `t`. */
export function deliveryRecord(
  message: { group: string; origin: string; inc: number; seq: number; view: number; payload: Buffer },
  t: number,
): DeliveryRecord {
  return {
    group: message.group,
    sender: message.origin,
    msgId: messageId(message.inc, message.seq),
    seq: message.seq,
    view: message.view,
    t,
    sha256: sha256(message.payload),
    inc: message.inc.toString(16),
  };
}
