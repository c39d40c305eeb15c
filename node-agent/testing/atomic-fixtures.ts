import type { DeliveryRecord } from '../group-types/delivery-record.js';
import { isView, type LogEntry } from '../views/view-record.js';

/** A log in one line, for failure messages: `V3[h1,h2]` views (`+` when joined) and `h2:4` messages. */
export function showLog(log: readonly LogEntry[]): string {
  return log
    .map((e) =>
      isView(e)
        ? `V${e.view}@${e.coordinator}[${e.members}]${e.prev ? '' : '+'}`
        : `${e.sender}:${e.seq}${e.catchUp ? '*' : ''}`,
    )
    .join(' ');
}

export const messagesOf = (log: readonly LogEntry[]): DeliveryRecord[] =>
  log.filter((e): e is DeliveryRecord => !isView(e));

/** `sender msgId` of every message in a log. */
export const messageIds = (log: readonly LogEntry[]): string[] =>
  messagesOf(log).map((r) => `${r.sender} ${r.msgId}`);
