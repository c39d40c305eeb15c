import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../group-types/delivery-record.js';
import { AtomicSim } from '../testing/atomic-sim.js';
import type { LogEntry, ViewRecord } from '../views/view-record.js';
import { checkViewSynchrony } from './view-synchrony.js';

const group = 'g';
const view = (
  n: number,
  members: string[],
  prev: number | null,
  coordinator = members[0] ?? '',
): ViewRecord => ({
  type: 'view',
  group,
  view: n,
  coordinator,
  members,
  prev: prev === null ? null : { view: prev, coordinator },
  t: 0,
});
const msg = (
  sender: string,
  seq: number,
  inView: number,
  extra: Partial<DeliveryRecord> = {},
): DeliveryRecord => ({
  group,
  sender,
  msgId: `1-${seq}`,
  seq,
  view: inView,
  t: 0,
  sha256: `${sender}${seq}`,
  inc: '1',
  ...extra,
});

/** Three members in view 1; h3 crashes; h1 and h2 flush into view 2. */
function goodLogs(): Record<string, LogEntry[]> {
  const v1 = view(1, ['h1', 'h2', 'h3'], null);
  return {
    h1: [v1, msg('h1', 0, 1), msg('h3', 0, 1), view(2, ['h1', 'h2'], 1), msg('h2', 0, 2)],
    h2: [v1, msg('h3', 0, 1), msg('h1', 0, 1), view(2, ['h1', 'h2'], 1), msg('h2', 0, 2)],
    h3: [v1, msg('h1', 0, 1), msg('h3', 0, 1), msg('h3', 1, 1)], // crashed: its last message reached nobody
  };
}

const properties = (logs: Record<string, LogEntry[]>) => checkViewSynchrony(logs).map((v) => v.property);

describe('checkViewSynchrony', () => {
  it('accepts logs that keep virtual synchrony (a crashed member may have delivered more)', () => {
    expect(checkViewSynchrony(goodLogs())).toEqual([]);
  });

  it('finds a survivor that missed a message the others delivered in the view (atomicity broken)', () => {
    const logs = goodLogs();
    logs.h2 = (logs.h2 ?? []).filter((e) => !('sender' in e && e.sender === 'h3'));
    const violations = checkViewSynchrony(logs);
    expect(violations).toMatchObject([{ property: 'view-synchrony', node: 'h2/h1' }]);
    expect(violations[0]?.detail).toMatch(/1 only at h1 \(h3 1-0\)/);
  });

  it('in uniform mode, finds a message a crashed member delivered that the survivors did not', () => {
    const logs = goodLogs(); // h3 delivered its own h3:1, which no survivor has
    expect(checkViewSynchrony(logs, { uniform: true })).toMatchObject([
      { property: 'uniform', node: 'h1' },
      { property: 'uniform', node: 'h2' },
    ]);
    logs.h3 = (logs.h3 ?? []).slice(0, 3);
    expect(checkViewSynchrony(logs, { uniform: true })).toEqual([]);
  });

  it('does not compare a member that joined the next view with those that flushed into it', () => {
    const logs = goodLogs();
    logs.h3 = [view(1, ['h1', 'h2', 'h3'], null), view(2, ['h1', 'h2', 'h3'], null)];
    logs.h1 = [view(1, ['h1', 'h2', 'h3'], null), msg('h1', 0, 1), view(2, ['h1', 'h2', 'h3'], 1)];
    logs.h2 = [view(1, ['h1', 'h2', 'h3'], null), msg('h1', 0, 1), view(2, ['h1', 'h2', 'h3'], 1)];
    expect(checkViewSynchrony(logs)).toEqual([]);
  });

  it('finds a message delivered in another view than it was sent in, or before any view', () => {
    const logs = goodLogs();
    logs.h1?.push(msg('h1', 1, 1));
    expect(properties(logs)).toEqual(['sending-view']);
    expect(properties({ h1: [msg('h1', 0, 1)] })).toEqual(['sending-view']);
    // Catch-ups are history from other views: exempt.
    expect(properties({ h1: [msg('h2', 0, 7, { catchUp: true }), view(9, ['h1'], null)] })).toEqual([]);
  });

  it('finds views out of order, disagreeing members, and a member installing a view it is not in', () => {
    expect(properties({ h1: [view(2, ['h1'], null), view(1, ['h1'], null)] })).toEqual(['view-order']);
    expect(
      properties({ h1: [view(1, ['h1', 'h2'], null)], h2: [view(1, ['h1', 'h2', 'h3'], null, 'h1')] }),
    ).toEqual(['view-agreement']);
    expect(properties({ h3: [view(1, ['h1', 'h2'], null)] })).toEqual(['view-agreement']);
  });

  it('finds duplicates and sender order violations (the general checker’s integrity and fifo)', () => {
    const v = view(1, ['h1', 'h2'], null);
    expect(properties({ h1: [v, msg('h2', 0, 1), msg('h2', 0, 1)] })).toEqual(['integrity', 'fifo']);
    expect(properties({ h1: [v, msg('h2', 1, 1), msg('h2', 0, 1)] })).toEqual(['fifo']);
  });

  it('catches a message dropped from a real run’s log', () => {
    const sim = new AtomicSim({ seed: 3, members: 4 });
    expect(sim.joinAll()).toBe(true);
    for (const id of sim.ids) sim.member(id).send(Buffer.from(id));
    sim.run(300);
    sim.crash('h4');
    sim.runUntil(() => sim.settled(['h1', 'h2', 'h3']), 10_000);
    sim.stopAll();
    expect(checkViewSynchrony(sim.logs)).toEqual([]);
    const tampered = {
      ...sim.logs,
      h2: (sim.logs.h2 ?? []).filter((e) => !('sender' in e && e.sender === 'h4')),
    };
    expect(checkViewSynchrony(tampered).map((v) => v.property)).toContain('view-synchrony');
  });
});

describe('reading atomic groups’ deliveries.jsonl', () => {
  it('keeps view records in order among the messages', async () => {
    const { parseDeliveryLog } = await import('./read-log.js');
    const lines = [view(1, ['h1'], null), msg('h1', 0, 1), view(2, ['h1', 'h2'], 1), msg('h2', 0, 2)];
    const parsed = parseDeliveryLog(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"type":"view"}\n`);
    expect(parsed.records.map((r) => r.sender)).toEqual(['h1', 'h2']);
    expect(parsed.entries).toEqual(lines);
    expect(parsed.errors).toEqual(['line 5: not a delivery record']);
    expect(checkViewSynchrony({ h1: parsed.entries })).toEqual([]);
  });
});
