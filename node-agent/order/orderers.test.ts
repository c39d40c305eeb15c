import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { zeroCounters } from '../group-types/stats.js';
import { dataMessage, testEnvelope } from '../testing/fixtures.js';
import type { MessageRef } from '../wire/messages.js';
import { CausalOrder } from './causal.js';
import type { OrderContext } from './orderer.js';
import { IsisOrder } from './total-isis.js';
import { SequencerOrder } from './total-sequencer.js';

const envelope = testEnvelope;
const data = dataMessage;

function context(self: string, extra: Partial<OrderContext> = {}) {
  const delivered: string[] = [];
  const calls: unknown[][] = [];
  const ctx: OrderContext = {
    self,
    clock: new VirtualClock(),
    reliable: true,
    holdMs: 200,
    proposeRetryMs: 100,
    counters: zeroCounters(),
    members: () => ['h1', 'h2', 'h3'],
    deliver: (m) => delivered.push(`${m.origin}:${m.seq}`),
    sequencer: () => 'h1',
    sendOrder: (ref: MessageRef) => {
      calls.push(['order', ref.sender, ref.seq]);
      return true;
    },
    ownOrdersReturn: false,
    unreachable: () => false,
    inc: 1,
    sendPropose: (to, ref, n) => calls.push(['propose', to, `${ref.sender}:${ref.seq}`, n]),
    sendFinal: (ref, n, who, to) =>
      calls.push(['final', `${ref.sender}:${ref.seq}`, n, who, ...(to ? [to] : [])]) > 0,
    ...extra,
  };
  return { ctx, delivered, calls };
}

describe('causal order', () => {
  it('holds a message back until what its sender had delivered is delivered here', () => {
    const { ctx, delivered } = context('h1');
    const causal = new CausalOrder(ctx);
    causal.received(data('h2', 0, { h2: 1, h3: 1 })); // h2 had delivered h3's first message
    expect(delivered).toEqual([]);
    expect(causal.holding).toBe(1);
    causal.received(data('h3', 0, { h3: 1 }));
    expect(delivered).toEqual(['h3:0', 'h2:0']);
  });

  it('stamps own messages with what was delivered, and delivers them at once', () => {
    const { ctx, delivered } = context('h1');
    const causal = new CausalOrder(ctx);
    causal.received(data('h2', 0, { h2: 1 }));
    expect(causal.stamp(0)).toEqual([
      { member: 'h1', value: 1 },
      { member: 'h2', value: 1 },
    ]);
    causal.sent(data('h1', 0, { h1: 1, h2: 1 }));
    expect(delivered).toEqual(['h2:0', 'h1:0']);
  });

  it('best-effort: gives a missing dependency up after the hold time, and drops it if it comes later', () => {
    const { ctx, delivered } = context('h1', { reliable: false });
    const causal = new CausalOrder(ctx);
    causal.received(data('h2', 0, { h2: 1, h3: 1 }));
    (ctx.clock as VirtualClock).advance(200);
    expect(delivered).toEqual(['h2:0']);
    causal.received(data('h3', 0, { h3: 1 }));
    expect(delivered).toEqual(['h2:0']);
    expect(ctx.counters.late).toBe(1);
  });
});

describe('total order by a sequencer', () => {
  it('delivers in the order the sequencer decided, whichever arrives first, data or order', () => {
    const { ctx, delivered } = context('h2');
    const seq = new SequencerOrder(ctx);
    seq.received(data('h3', 0));
    seq.ordered({ sender: 'h2', inc: 1, seq: 0 });
    seq.ordered({ sender: 'h3', inc: 1, seq: 0 });
    expect(delivered).toEqual([]); // h2:0 comes first and has not arrived
    seq.sent(data('h2', 0));
    expect(delivered).toEqual(['h2:0', 'h3:0']);
  });

  it('best-effort: skips every overdue ORDER whose data never came at once, not one per hold time', () => {
    const { ctx, delivered } = context('h2', { reliable: false });
    const seq = new SequencerOrder(ctx);
    for (let i = 0; i < 50; i++) seq.ordered({ sender: 'h3', inc: 1, seq: i }); // their data is gone
    seq.ordered({ sender: 'h3', inc: 1, seq: 50 });
    seq.received(data('h3', 50));
    (ctx.clock as VirtualClock).advance(2 * ctx.holdMs);
    expect(delivered).toEqual(['h3:50']);
  });

  it('as the sequencer, orders each message once as it arrives', () => {
    const { ctx, delivered, calls } = context('h1');
    const seq = new SequencerOrder(ctx);
    seq.received(data('h2', 0));
    seq.sent(data('h1', 0));
    seq.tick();
    expect(calls).toEqual([
      ['order', 'h2', 0],
      ['order', 'h1', 0],
    ]);
    expect(delivered).toEqual(['h2:0', 'h1:0']);
  });
});

describe('total order by a sequencer, at the end of an atomic group’s view', () => {
  it('delivers what the ORDERs name, in their sequence, then the unordered rest by sender and number', () => {
    const { ctx, delivered } = context('h2', { ownOrdersReturn: true });
    const seq = new SequencerOrder(ctx);
    for (const [sender, n] of [
      ['h3', 0],
      ['h1', 1],
      ['h3', 1],
      ['h1', 0],
    ] as const)
      seq.received(data(sender, n));
    seq.ordered({ sender: 'h9', inc: 1, seq: 0 }); // its data reached no survivor: the next ORDERs wait
    seq.ordered({ sender: 'h3', inc: 1, seq: 0 });
    expect(delivered).toEqual([]);
    seq.endView();
    expect(delivered).toEqual(['h3:0', 'h1:0', 'h1:1', 'h3:1']);
    expect(seq.holding).toBe(0);
  });
});

describe('total order by ISIS agreed numbers', () => {
  it('proposes, and delivers by agreed number once the head of the hold-back queue is agreed', () => {
    const { ctx, delivered, calls } = context('h1');
    const isis = new IsisOrder(ctx);
    isis.received(data('h2', 0));
    isis.received(data('h3', 0));
    expect(calls).toEqual([
      ['propose', 'h2', 'h2:0', 1],
      ['propose', 'h3', 'h3:0', 2],
    ]);
    isis.finalized(final('h3', 0, 2, 'h1'));
    expect(delivered).toEqual([]); // h2:0 still holds number 1, tentatively
    isis.finalized(final('h2', 0, 5, 'h3'));
    expect(delivered).toEqual(['h3:0', 'h2:0']);
  });

  it('as the sender, agrees on the largest proposal once every member proposed', () => {
    const { ctx, delivered, calls } = context('h1');
    const isis = new IsisOrder(ctx);
    isis.sent(data('h1', 0));
    const propose = (origin: string, proposal: number) => ({
      ...envelope,
      origin,
      type: 'propose' as const,
      ref: { sender: 'h1', inc: 1, seq: 0 },
      proposal,
    });
    isis.proposed(propose('h2', 3));
    expect(calls).toEqual([]);
    isis.proposed(propose('h3', 2));
    expect(calls).toEqual([['final', 'h1:0', 3, 'h2']]);
    expect(delivered).toEqual(['h1:0']);
    isis.proposed(propose('h3', 2)); // a repeated proposal: its final was lost
    expect(calls.at(-1)).toEqual(['final', 'h1:0', 3, 'h2', 'h3']);
  });

  it('decides a given-up sender’s undecided message at its successor, from every survivor’s proposal', () => {
    let members = ['h1', 'h2', 'h3'];
    const { ctx, delivered, calls } = context('h1', { members: () => members });
    const isis = new IsisOrder(ctx);
    isis.received(data('h3', 0));
    isis.received(data('h2', 0));
    isis.finalized(final('h2', 0, 4, 'h2')); // numbered after h3:0, which never gets one from h3
    expect(delivered).toEqual([]);
    members = ['h1', 'h2'];
    isis.lost('h3');
    calls.length = 0;
    isis.tick();
    expect(calls).toEqual([['propose', 'h2', 'h3:0', 1]]); // the successor asks the survivor
    isis.proposed(propose('h2', 'h3', 0, 3));
    expect(calls.at(-1)).toEqual(['final', 'h3:0', 3, 'h2']);
    expect(delivered).toEqual(['h3:0', 'h2:0']);
  });

  it('keeps the number the gone sender did agree when a survivor knows it', () => {
    let members = ['h1', 'h2', 'h3'];
    const { ctx, delivered, calls } = context('h1', { members: () => members });
    const isis = new IsisOrder(ctx);
    isis.received(data('h3', 0));
    members = ['h1', 'h2'];
    isis.lost('h3');
    isis.tick();
    isis.finalized(final('h3', 0, 7, 'h2')); // h2's answer: h3 had agreed 7
    expect(delivered).toEqual(['h3:0']);
    isis.tick();
    expect(calls.filter((c) => c[0] === 'final')).toEqual([]); // nothing decided anew
  });

  it('sends its proposal to the successor, and answers the successor’s question with it', () => {
    let members = ['h1', 'h2', 'h3'];
    const { ctx, calls } = context('h2', { members: () => members });
    const isis = new IsisOrder(ctx);
    isis.received(data('h3', 0));
    members = ['h1', 'h2'];
    isis.lost('h3');
    calls.length = 0;
    (ctx.clock as VirtualClock).advance(100);
    isis.tick();
    expect(calls).toEqual([['propose', 'h1', 'h3:0', 1]]);
    isis.proposed(propose('h1', 'h3', 0, 2));
    expect(calls.at(-1)).toEqual(['propose', 'h1', 'h3:0', 1]);
  });
});

const final = (sender: string, seq: number, agreed: number, proposer: string) => ({
  ...envelope,
  origin: sender,
  type: 'final' as const,
  ref: { sender, inc: 1, seq },
  agreed,
  proposer,
});

const propose = (origin: string, sender: string, seq: number, proposal: number) => ({
  ...envelope,
  origin,
  type: 'propose' as const,
  ref: { sender, inc: 1, seq },
  proposal,
});
