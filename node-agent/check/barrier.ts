import type { DeliveryRecord } from '../group-types/delivery-record.js';
import type { Violation } from './checker.js';
import { messageKey } from './keys.js';

/**
 * The flush property over delivery logs: in every log, each message sent before the flush (`before`,
 * as `{ sender, msgId }`) comes ahead of every message sent after it (`after`).
 */
export function checkBarrier(
  logs: Record<string, readonly DeliveryRecord[]>,
  before: readonly Pick<DeliveryRecord, 'sender' | 'msgId'>[],
  after: readonly Pick<DeliveryRecord, 'sender' | 'msgId'>[],
): Violation[] {
  const key = (m: Pick<DeliveryRecord, 'sender' | 'msgId'>) => messageKey(m as DeliveryRecord);
  const earlier = new Set(before.map(key));
  const later = new Set(after.map(key));
  const violations: Violation[] = [];
  for (const [node, log] of Object.entries(logs)) {
    const firstLater = log.findIndex((r) => later.has(messageKey(r)));
    if (firstLater < 0) continue;
    const straggler = log.slice(firstLater).find((r) => earlier.has(messageKey(r)));
    if (straggler) {
      violations.push({
        property: 'flush',
        node,
        detail: `${straggler.sender} ${straggler.msgId}, sent before the flush, delivered after ${log[firstLater]?.sender} ${log[firstLater]?.msgId}, sent after it`,
      });
    }
  }
  return violations;
}
