import type { DataMessage, VectorEntry } from '../wire/messages.js';

export const testEnvelope = { group: 'g', view: 0, relay: false };

/** A first-copy data message of `origin` (incarnation 1), with an optional vector timestamp. */
export function dataMessage(origin: string, seq: number, vt: Record<string, number> = {}): DataMessage {
  return {
    ...testEnvelope,
    origin,
    type: 'data',
    inc: 1,
    seq,
    low: 0,
    retransmit: false,
    vt: Object.entries(vt).map(([member, value]): VectorEntry => ({ member, value })),
    digest: [],
    payload: Buffer.from(`${origin}${seq}`),
  };
}
