import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { ALL_PIM_ROUTERS, type JoinPrune, type PimMessage } from '../../wire/pim/message.js';
import { JoinPruneSender } from './join-prune-sender.js';
import { encodedSource, groupSetEntries, type JoinPruneEntry, treeKind } from './messages.js';

const RP = '10.0.9.9';
const A = { vif: 0, address: '10.0.0.1' };
const B = { vif: 1, address: '10.0.1.1' };

function sender(complete: (entries: readonly JoinPruneEntry[]) => JoinPruneEntry[] = () => []) {
  const clock = new VirtualClock();
  const sent: { vif: number; message: PimMessage; destination: string }[] = [];
  const jp = new JoinPruneSender({
    clock,
    port: { send: (vif, message, destination) => sent.push({ vif, message, destination }) },
    holdtimeSeconds: () => 11,
    complete: (_, entries) => complete(entries),
  });
  return { clock, sent, jp };
}

const wc = (group: string, list: 'joins' | 'prunes' = 'joins'): JoinPruneEntry => ({
  kind: '(*,G)',
  group,
  address: RP,
  list,
});

describe('Join/Prune messages of sparse mode (RFC 7761 §4.9.5.1)', () => {
  it('mark each tree by the S, WC and RPT bits, and read them back in processing order', () => {
    expect(encodedSource('(*,G)', RP)).toEqual({
      address: RP,
      maskLength: 32,
      sparse: true,
      wildcard: true,
      rpt: true,
    });
    expect(encodedSource('(S,G,rpt)', '10.0.0.5')).toMatchObject({
      wildcard: false,
      rpt: true,
      sparse: true,
    });
    expect(encodedSource('(S,G)', '10.0.0.5')).toMatchObject({ wildcard: false, rpt: false, sparse: true });
    for (const kind of ['(*,G)', '(S,G)', '(S,G,rpt)'] as const)
      expect(treeKind(encodedSource(kind, RP))).toBe(kind);
    const message: JoinPrune = {
      type: 'join-prune',
      upstreamNeighbor: A.address,
      holdtime: 11,
      groups: [
        {
          group: '239.1.1.1',
          maskLength: 32,
          joins: [encodedSource('(S,G)', '10.0.0.7'), encodedSource('(*,G)', RP)],
          prunes: [encodedSource('(S,G,rpt)', '10.0.0.5')],
        },
      ],
    };
    expect(groupSetEntries(message)[0]?.map((e) => `${e.list} ${e.kind} ${e.address}`)).toEqual([
      `joins (*,G) ${RP}`,
      'prunes (S,G,rpt) 10.0.0.5',
      'joins (S,G) 10.0.0.7',
    ]);
  });
});

describe('JoinPruneSender', () => {
  it('sends what one instant brings as one message per neighbor, a group set per group', () => {
    const s = sender();
    s.jp.send(A, wc('239.1.1.1'));
    s.jp.send(A, wc('239.1.1.2'));
    s.jp.send(A, { kind: '(S,G)', group: '239.1.1.1', address: '10.0.0.7', list: 'joins' });
    s.jp.send(B, wc('239.1.1.1', 'prunes'));
    expect(s.sent).toEqual([]);
    s.clock.advance(0);
    expect(s.sent.map((m) => [m.vif, m.destination, (m.message as JoinPrune).upstreamNeighbor])).toEqual([
      [0, ALL_PIM_ROUTERS, A.address],
      [1, ALL_PIM_ROUTERS, B.address],
    ]);
    const first = s.sent[0]?.message as JoinPrune;
    expect(first.holdtime).toBe(11);
    expect(first.groups.map((g) => [g.group, g.joins.length, g.prunes.length])).toEqual([
      ['239.1.1.1', 2, 0],
      ['239.1.1.2', 1, 0],
    ]);
  });

  it('keeps the last of a Join and a Prune of the same tree', () => {
    const s = sender();
    s.jp.send(A, wc('239.1.1.1'));
    s.jp.send(A, wc('239.1.1.1', 'prunes'));
    s.clock.advance(0);
    expect((s.sent[0]?.message as JoinPrune | undefined)?.groups[0]).toMatchObject({
      joins: [],
      prunes: [{ address: RP }],
    });
  });

  it('adds what `complete` says, without overriding what is there', () => {
    const prune: JoinPruneEntry = {
      kind: '(S,G,rpt)',
      group: '239.1.1.1',
      address: '10.0.0.5',
      list: 'prunes',
    };
    const s = sender((entries) =>
      entries.some((e) => e.kind === '(*,G)') ? [prune, wc('239.1.1.1', 'prunes')] : [],
    );
    s.jp.send(A, wc('239.1.1.1'));
    s.clock.advance(0);
    expect((s.sent[0]?.message as JoinPrune | undefined)?.groups[0]).toMatchObject({
      joins: [{ address: RP, wildcard: true }],
      prunes: [{ address: '10.0.0.5', rpt: true, wildcard: false }],
    });
  });

  it('sends nothing cleared before the instant ends', () => {
    const s = sender();
    s.jp.send(A, wc('239.1.1.1'));
    s.jp.clear();
    s.clock.advance(10);
    expect(s.sent).toEqual([]);
  });
});
