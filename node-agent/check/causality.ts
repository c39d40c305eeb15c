import type { DeliveryRecord } from '../group-types/delivery-record.js';
import { incarnationKey, messageKey } from './keys.js';

/** Per stream (sender incarnation), the highest sequence number in a message's causal past. */
export type CausalPast = Map<string, number>;

/**
 * Derives happened-before from delivery logs alone. A member logs its own message when it sends it, so
 * the messages before it in the sender's own log are exactly what the sender had delivered: the causal
 * past of m is those messages plus their pasts. Each stream's part of a past is a prefix (a sender's own
 * messages precede one another in its log), so a past is a vector of highest sequence numbers.
 *
 * Iterative (an explicit stack of log cursors), since long logs that answer each other would nest deep.
 * Logs that make a message precede itself are reported through `onCycle`.
 */
export function causalPasts(
  logs: ReadonlyMap<string, readonly DeliveryRecord[]>,
  onCycle: (node: string, record: DeliveryRecord) => void,
): Map<string, CausalPast> {
  const pasts = new Map<string, CausalPast>();
  const ownPosition = new Map<string, number>(); // message key → position in its sender's log
  for (const [node, log] of logs) {
    log.forEach((r, i) => {
      if (r.sender === node && !ownPosition.has(messageKey(r))) ownPosition.set(messageKey(r), i);
    });
  }
  const cursor = new Map<string, number>();
  const seen = new Map<string, CausalPast>(); // per node: the join of everything delivered so far
  const onStack = new Set<string>();
  const fallback = (r: DeliveryRecord): CausalPast => new Map([[incarnationKey(r), r.seq]]);

  const run = (start: string, upto: number) => {
    const stack = [{ node: start, upto }];
    onStack.add(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { node: string; upto: number };
      const log = logs.get(frame.node) ?? [];
      const at = cursor.get(frame.node) ?? 0;
      if (at > frame.upto || at >= log.length) {
        stack.pop();
        onStack.delete(frame.node);
        continue;
      }
      const record = log[at] as DeliveryRecord;
      const key = messageKey(record);
      const vector = seen.get(frame.node) ?? new Map<string, number>();
      seen.set(frame.node, vector);
      if (record.sender === frame.node) {
        // Own message: its past is what this node had delivered, plus itself.
        if (!pasts.has(key)) pasts.set(key, new Map([...vector, [incarnationKey(record), record.seq]]));
      } else if (!pasts.has(key)) {
        const position = ownPosition.get(key);
        if (position === undefined) {
          pasts.set(key, fallback(record)); // the sender left no log of it: only FIFO is known
        } else if (onStack.has(record.sender)) {
          onCycle(frame.node, record);
          pasts.set(key, fallback(record));
        } else {
          stack.push({ node: record.sender, upto: position });
          onStack.add(record.sender);
          continue;
        }
      }
      for (const [stream, seq] of pasts.get(key) ?? [])
        vector.set(stream, Math.max(vector.get(stream) ?? -1, seq));
      cursor.set(frame.node, at + 1);
    }
  };
  for (const [node, log] of logs) run(node, log.length - 1);
  return pasts;
}
