import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../group-types/delivery-record.js';
import { type CheckSpec, checkDeliveries, type Property } from './checker.js';
import { parseDeliveryLog } from './read-log.js';

/** A record of `sender`'s message number `seq`. */
const m = (sender: string, seq: number, extra: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  group: 'g',
  sender,
  msgId: `1-${seq}`,
  seq,
  view: 0,
  t: 0,
  sha256: `${sender}${seq}`,
  inc: '1',
  ...extra,
});

const spec = (
  ordering: CheckSpec['ordering'],
  reliability: CheckSpec['reliability'] = 'nack',
): CheckSpec => ({
  ordering,
  reliability,
});
const properties = (logs: Record<string, DeliveryRecord[]>, s: CheckSpec): Property[] => [
  ...new Set(checkDeliveries(logs, s).map((v) => v.property)),
];

describe('delivery-log checker', () => {
  it('accepts good logs of every ordering', () => {
    // a sends a0; b delivers a0 then sends b0 (so a0 → b0); c delivers both in that order.
    const logs = {
      a: [m('a', 0), m('b', 0)],
      b: [m('a', 0), m('b', 0)],
      c: [m('a', 0), m('b', 0)],
    };
    for (const ordering of ['none', 'fifo', 'causal', 'total-sequencer', 'total-isis'] as const) {
      expect(checkDeliveries(logs, spec(ordering))).toEqual([]);
    }
  });

  it('catches a duplicate delivery', () => {
    expect(properties({ a: [m('a', 0), m('a', 0)] }, spec('none'))).toEqual(['integrity']);
  });

  it('catches one message id with two payloads', () => {
    const logs = { a: [m('a', 0)], b: [m('a', 0, { sha256: 'other' })] };
    expect(properties(logs, spec('none'))).toEqual(['integrity']);
  });

  it('catches a message some member missed (agreement) and one nobody got (validity)', () => {
    expect(properties({ a: [m('a', 0), m('a', 1)], b: [m('a', 0)] }, spec('none'))).toEqual(['agreement']);
    expect(properties({ a: [m('a', 0), m('a', 2)], b: [m('a', 0), m('a', 2)] }, spec('none'))).toEqual([
      'validity',
    ]);
    expect(properties({ a: [m('a', 0)], b: [m('a', 0)] }, { ...spec('none'), sent: { a: 2 } })).toEqual([
      'validity',
    ]);
    // A sender that never delivers its own message.
    expect(properties({ a: [], b: [m('a', 0)] }, spec('none'))).toContain('validity');
  });

  it('exempts best-effort groups from validity and agreement, not from integrity or order', () => {
    expect(
      checkDeliveries({ a: [m('a', 0), m('a', 2)], b: [m('a', 2)] }, spec('fifo', 'best-effort')),
    ).toEqual([]);
    expect(properties({ a: [m('a', 0)], b: [m('a', 2), m('a', 2)] }, spec('none', 'best-effort'))).toEqual([
      'integrity',
    ]);
    expect(
      properties({ a: [m('a', 0), m('a', 2)], b: [m('a', 2), m('a', 0)] }, spec('fifo', 'best-effort')),
    ).toEqual(['fifo']);
  });

  it('catches a FIFO violation', () => {
    const logs = { a: [m('a', 0), m('a', 1)], b: [m('a', 1), m('a', 0)] };
    expect(properties(logs, spec('fifo'))).toEqual(['fifo']);
    expect(properties(logs, spec('none'))).toEqual([]);
  });

  it('catches a causal violation derived from the logs, directly and transitively', () => {
    // b delivered a0 before sending b0: c must deliver a0 first.
    const direct = { a: [m('a', 0), m('b', 0)], b: [m('a', 0), m('b', 0)], c: [m('b', 0), m('a', 0)] };
    expect(properties(direct, spec('causal'))).toEqual(['causal']);
    expect(properties(direct, spec('fifo'))).toEqual([]);
    // a0 → b0 → c0 through b and c; d delivers c0 before a0 (it never saw b0 at all: best-effort).
    const transitive = {
      a: [m('a', 0)],
      b: [m('a', 0), m('b', 0)],
      c: [m('b', 0), m('c', 0)],
      d: [m('c', 0), m('a', 0)],
    };
    expect(properties(transitive, spec('causal', 'best-effort'))).toEqual(['causal']);
    // Concurrent messages may come in any order.
    const concurrent = { a: [m('a', 0), m('b', 0)], b: [m('b', 0), m('a', 0)] };
    expect(properties(concurrent, spec('causal'))).toEqual([]);
  });

  it('catches logs in which a message precedes itself', () => {
    // a delivered b0 before sending a0, b delivered a0 before sending b0.
    const cycle = { a: [m('b', 0), m('a', 0)], b: [m('a', 0), m('b', 0)] };
    expect(properties(cycle, spec('causal'))).toContain('causal');
  });

  it('catches a total-order violation, comparing only the messages two members share', () => {
    const logs = { a: [m('a', 0), m('b', 0)], b: [m('b', 0), m('a', 0)] };
    expect(properties(logs, spec('total-isis'))).toEqual(['total']);
    const partial = { a: [m('a', 0), m('c', 0), m('b', 0)], b: [m('a', 0), m('b', 0)] };
    expect(properties(partial, spec('total-sequencer', 'best-effort'))).toEqual([]);
  });

  it('checks each group on its own', () => {
    const logs = { a: [m('a', 0), m('a', 0, { group: 'h' })], b: [m('a', 0), m('a', 0, { group: 'h' })] };
    expect(checkDeliveries(logs, spec('total-isis'))).toEqual([]);
  });

  it('reads deliveries.jsonl, reporting bad lines instead of throwing', () => {
    const text = `${JSON.stringify(m('a', 0))}\n\nnot json\n{"group":"g"}\n${JSON.stringify(m('a', 1))}\n`;
    const parsed = parseDeliveryLog(text);
    expect(parsed.records.map((r) => r.seq)).toEqual([0, 1]);
    expect(parsed.errors).toEqual(['line 3: not JSON', 'line 4: not a delivery record']);
  });
});
