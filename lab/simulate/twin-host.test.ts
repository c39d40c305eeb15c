import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import type { IgmpMessage } from '../../router-sim/wire/igmp/message.js';
import { TwinHost } from './twin-host.js';

const G = '239.1.1.1';

function host(version: 2 | 3) {
  const clock = new VirtualClock();
  const sent: { at: number; message: IgmpMessage; destination: string }[] = [];
  const h = new TwinHost('h1', '10.0.0.5', version, clock, seededRandom(1), (message, destination) =>
    sent.push({ at: clock.now(), message, destination }),
  );
  const query = (group: string, maxRespTimeMs: number, v: 2 | 3 = 3) =>
    h.receive({
      kind: 'igmp',
      message: { type: 'query', version: v, group, maxRespTimeMs },
      source: '10.0.0.1',
      destination: group === '0.0.0.0' ? '224.0.0.1' : group,
      bytes: 36,
    });
  return { clock, sent, h, query };
}

describe('a simulated host’s IGMP (the kernel side of a joined socket)', () => {
  it('IGMPv3: reports a join at once and again within the Unsolicited Report Interval, and a leave the same way', () => {
    const { clock, sent, h } = host(3);
    h.join(G);
    clock.advance(1_000);
    expect(sent.map((s) => [s.destination, s.message])).toEqual([
      [
        '224.0.0.22',
        { type: 'v3-report', records: [{ type: 'CHANGE_TO_EXCLUDE_MODE', group: G, sources: [] }] },
      ],
      [
        '224.0.0.22',
        { type: 'v3-report', records: [{ type: 'CHANGE_TO_EXCLUDE_MODE', group: G, sources: [] }] },
      ],
    ]);
    expect(sent[0]?.at).toBe(0);
    sent.length = 0;
    h.leave(G);
    clock.advance(1_000);
    expect(sent.map((s) => s.message)).toEqual([
      { type: 'v3-report', records: [{ type: 'CHANGE_TO_INCLUDE_MODE', group: G, sources: [] }] },
      { type: 'v3-report', records: [{ type: 'CHANGE_TO_INCLUDE_MODE', group: G, sources: [] }] },
    ]);
  });

  it('answers a general query with one current-state report within Max Resp Time, and nothing when not a member', () => {
    const { clock, sent, h, query } = host(3);
    query('0.0.0.0', 1_000);
    clock.advance(2_000);
    expect(sent).toEqual([]);
    h.join(G);
    h.join('239.1.1.2');
    clock.advance(2_000);
    sent.length = 0;
    query('0.0.0.0', 1_000);
    clock.advance(1_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.at).toBeGreaterThanOrEqual(4_000);
    expect(sent[0]?.at).toBeLessThanOrEqual(5_000);
    expect(sent[0]?.message).toEqual({
      type: 'v3-report',
      records: [G, '239.1.1.2'].map((group) => ({ type: 'MODE_IS_EXCLUDE', group, sources: [] })),
    });
  });

  it('IGMPv2: suppresses its report when another member answers first, and leaves to all routers', () => {
    const { clock, sent, h, query } = host(2);
    h.join(G);
    clock.advance(20_000);
    sent.length = 0;
    query(G, 1_000, 2);
    h.receive({
      kind: 'igmp',
      message: { type: 'v2-report', group: G },
      source: '10.0.0.6',
      destination: G,
      bytes: 32,
    });
    clock.advance(1_000);
    expect(sent).toEqual([]);
    h.leave(G);
    expect(sent.map((s) => [s.destination, s.message])).toEqual([
      ['224.0.0.2', { type: 'v2-leave', group: G }],
    ]);
  });

  it('counts data of joined groups only, and a packet heard twice as a duplicate', () => {
    const { clock, h } = host(3);
    const data = (id: number) => h.receive({ kind: 'data', source: '10.0.1.5', group: G, id, bytes: 100 });
    data(1);
    h.join(G);
    clock.advance(5);
    data(2);
    data(2);
    data(3);
    expect(h.reception(G)).toMatchObject({ received: 2, duplicates: 1, firstAt: 5 });
  });
});
