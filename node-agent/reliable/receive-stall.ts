import { ageMs, type Stall } from '../group-types/stall.js';
import type { MemberId, StreamKind, StreamMessage } from '../wire/messages.js';
import type { ReceiveStream } from './receive-stream.js';

/** One incoming stream of the reliable channel: whose, of which kind, and its receive state. */
export interface Incoming {
  kind: StreamKind;
  origin: MemberId;
  stream: ReceiveStream<StreamMessage>;
}

/**
 * The hold-back queue's oldest message over these incoming streams and the gap its stream waits for;
 * undefined when nothing is held back. Cheap: one look per stream.
 */
export function receiveStall(incoming: readonly Incoming[], now: number): Stall | undefined {
  let held = 0;
  let oldest: { entry: Incoming; seq: number; since: number } | undefined;
  for (const entry of incoming) {
    held += entry.stream.heldBack;
    const first = entry.stream.oldestHeld();
    if (first && (!oldest || first.since < oldest.since)) oldest = { entry, ...first };
  }
  if (!oldest) return undefined;
  const { kind, origin, stream } = oldest.entry;
  const [gap] = stream.missing(1);
  return {
    heldIn: 'receive',
    held,
    oldestAgeMs: ageMs(now, oldest.since),
    oldest: { sender: origin, seq: oldest.seq },
    waitingFor: {
      kind: 'seq',
      stream: kind,
      sender: origin,
      seq: stream.next,
      gap: gap ? gap.last - gap.first + 1 : 1,
    },
  };
}
