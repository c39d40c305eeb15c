import { describe, expect, it } from 'vitest';
import type { Ordering, Reliability } from '../group-types/options.js';
import { decodeMessage } from '../wire/codec.js';
import type { GroupMessage, MemberId } from '../wire/messages.js';
import { createSimGroup, type SimGroup } from './group-sim.js';

/**
 * `stats().stall`: a member that holds a message back reports the oldest one, how long it has waited
 * and exactly what it waits for. Each case withholds one thing from h3 (every copy, repairs included),
 * checks the report, then lets it through and checks that the stall clears.
 */
interface Setup {
  reliability?: Reliability;
  ordering: Ordering;
  /** Datagrams to withhold while `blocking`: (receiver, decoded message). */
  withhold: (to: MemberId, message: GroupMessage) => boolean;
}

/** Lets what was withheld through: h3 then has delivered `count` messages and holds nothing back. */
function expectRecovered(sim: SimGroup, release: () => void, count: number): void {
  release();
  expect(sim.logs.h3).toHaveLength(count);
  expect(sim.member('h3').stats().stall).toBeNull();
}

function group(setup: Setup) {
  const state = { blocking: true, arrivals: [] as { to: MemberId; message: GroupMessage; t: number }[] };
  const sim: SimGroup = createSimGroup({
    seed: 1,
    members: 3,
    group: {
      transport: 'ip-multicast',
      reliability: setup.reliability ?? 'nack',
      ordering: setup.ordering,
      closed: true,
    },
    impairments: { delayMs: 1 },
    drop: (to, _from, bytes) => {
      const message = decodeMessage(bytes);
      if (!message) return false;
      if (state.blocking && setup.withhold(to, message)) return true;
      state.arrivals.push({ to, message, t: sim.clock.now() });
      return false;
    },
  });
  for (const member of sim.members.values()) member.join();
  sim.clock.advance(1_100); // joined and settled: the sequencer has taken its role
  /** When `to` first received data message `sender`:`seq`. */
  const arrived = (to: MemberId, sender: MemberId, seq: number): number => {
    const hit = state.arrivals.find(
      (a) => a.to === to && a.message.type === 'data' && a.message.origin === sender && a.message.seq === seq,
    );
    if (!hit) throw new Error(`${to} never received ${sender}:${seq}`);
    return hit.t;
  };
  const send = (id: MemberId, count: number, gapMs = 10) => {
    for (let i = 0; i < count; i++) {
      expect(sim.member(id).send(Buffer.from(`${id} ${i}`)).status).toBe('sent');
      sim.clock.advance(gapMs);
    }
  };
  const release = () => {
    state.blocking = false;
    sim.clock.advance(2_000);
  };
  return { sim, state, arrived, send, release };
}

const isData = (m: GroupMessage, origin: MemberId, seq: number) =>
  m.type === 'data' && m.origin === origin && m.seq === seq;

describe('stats().stall', () => {
  it.each(['nack', 'ack'] as const)(
    '%s / fifo: a gap in a sender stream is reported as the missing seq from whom',
    (reliability) => {
      const { sim, arrived, send, release } = group({
        reliability,
        ordering: 'fifo',
        withhold: (to, m) => to === 'h3' && isData(m, 'h1', 2),
      });
      send('h1', 5);
      sim.clock.advance(500);
      const stats = sim.member('h3').stats();
      expect(stats.holding).toBe(2);
      expect(stats.stall).toEqual({
        heldIn: 'receive',
        held: 2,
        oldestAgeMs: sim.clock.now() - arrived('h3', 'h1', 3),
        oldest: { sender: 'h1', seq: 3 },
        waitingFor: { kind: 'seq', stream: 'data', sender: 'h1', seq: 2, gap: 1 },
      });
      expect(sim.logs.h3?.map((r) => r.seq)).toEqual([0, 1]);
      expect(sim.member('h2').stats().stall).toBeNull();
      release();
      expect(sim.logs.h3?.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
      expect(sim.member('h3').stats().stall).toBeNull();
    },
  );

  it('ordering none: a gap holds nothing back from delivery, so it is no stall', () => {
    const { sim, send } = group({ ordering: 'none', withhold: (to, m) => to === 'h3' && isData(m, 'h1', 2) });
    send('h1', 5);
    expect(sim.logs.h3).toHaveLength(4);
    expect(sim.member('h3').stats().stall).toBeNull();
  });

  it('total-sequencer: held data waits for its ORDER message, and says which one is missing', () => {
    // The sequencer is h1 (smallest id); its first ORDER (for h2:0) never reaches h3.
    const { sim, arrived, send, release } = group({
      ordering: 'total-sequencer',
      withhold: (to, m) => to === 'h3' && m.type === 'order' && m.seq === 0,
    });
    send('h2', 2);
    sim.clock.advance(500);
    expect(sim.member('h3').stats().stall).toEqual({
      heldIn: 'order',
      held: 2,
      oldestAgeMs: sim.clock.now() - arrived('h3', 'h2', 0),
      oldest: { sender: 'h2', seq: 0 },
      waitingFor: { kind: 'order', sender: 'h2', seq: 0, sequencer: 'h1', orderSeq: 0 },
    });
    expect(sim.logs.h3).toEqual([]);
    expect(sim.logs.h2).toHaveLength(2);
    expectRecovered(sim, release, 2);
  });

  it('total-sequencer: an ORDER whose data is missing is reported as that data message', () => {
    // h3 gets the ORDER for h2:0 but never h2's data.
    const { sim, release, send } = group({
      ordering: 'total-sequencer',
      withhold: (to, m) => to === 'h3' && isData(m, 'h2', 0),
    });
    send('h2', 1);
    sim.clock.advance(500);
    expect(sim.member('h3').stats().stall).toMatchObject({
      heldIn: 'order',
      held: 0,
      waitingFor: { kind: 'seq', stream: 'data', sender: 'h2', seq: 0 },
    });
    expectRecovered(sim, release, 1);
  });

  it('total-isis: a receiver that never hears the agreed number reports it, under its proposal', () => {
    const { sim, arrived, send, release } = group({
      ordering: 'total-isis',
      withhold: (to, m) => to === 'h3' && m.type === 'final',
    });
    send('h2', 1);
    sim.clock.advance(500);
    expect(sim.member('h3').stats().stall).toEqual({
      heldIn: 'order',
      held: 1,
      oldestAgeMs: sim.clock.now() - arrived('h3', 'h2', 0),
      oldest: { sender: 'h2', seq: 0 },
      waitingFor: { kind: 'agreed', sender: 'h2', seq: 0, proposed: 1 },
    });
    expect(sim.member('h2').stats().stall).toBeNull(); // decided and delivered
    expectRecovered(sim, release, 1);
  });

  it('total-isis: the sender names the members whose proposals it still lacks', () => {
    const { sim, send, release } = group({
      ordering: 'total-isis',
      withhold: (to, m) => to === 'h2' && m.type === 'propose' && m.origin === 'h3',
    });
    const sentAt = sim.clock.now();
    send('h2', 1);
    sim.clock.advance(500);
    expect(sim.member('h2').stats().stall).toEqual({
      heldIn: 'order',
      held: 1,
      oldestAgeMs: sim.clock.now() - sentAt,
      oldest: { sender: 'h2', seq: 0 },
      waitingFor: { kind: 'agreed', sender: 'h2', seq: 0, proposed: 1, proposalsMissingFrom: ['h3'] },
    });
    // The receivers wait for the same number, without knowing whose proposal is missing.
    expect(sim.member('h1').stats().stall?.waitingFor).toEqual({
      kind: 'agreed',
      sender: 'h2',
      seq: 0,
      proposed: 1,
    });
    release();
    for (const id of sim.ids) {
      expect(sim.logs[id]).toHaveLength(1);
      expect(sim.member(id).stats().stall).toBeNull();
    }
  });

  it('causal: a message reports the deliveries its vector timestamp still needs', () => {
    const { sim, arrived, send, release } = group({
      ordering: 'causal',
      withhold: (to, m) => to === 'h3' && isData(m, 'h1', 0),
    });
    send('h1', 1, 50);
    expect(sim.logs.h2).toHaveLength(1); // h2 delivered h1:0, so h2's next message follows it
    send('h2', 1);
    sim.clock.advance(500);
    expect(sim.member('h3').stats().stall).toEqual({
      heldIn: 'order',
      held: 1,
      oldestAgeMs: sim.clock.now() - arrived('h3', 'h2', 0),
      oldest: { sender: 'h2', seq: 0 },
      waitingFor: { kind: 'causal', sender: 'h2', seq: 0, needs: { h1: 1 }, delivered: { h1: 0 } },
    });
    release();
    expect(sim.logs.h3?.map((r) => `${r.sender}:${r.seq}`)).toEqual(['h1:0', 'h2:0']);
    expect(sim.member('h3').stats().stall).toBeNull();
  });
});
