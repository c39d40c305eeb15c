import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { tableCells } from '../testing/table-cells.js';
import { RPT_UPSTREAM_TRANSITIONS, RptUpstreamMachine } from './rpt-upstream.js';
import { UPSTREAM_TRANSITIONS, UpstreamMachine, type UpstreamNeighbor } from './upstream.js';

const PERIOD = 3_000;
const SUPPRESSED = 4_000;
const OVERRIDE = 300;
const A: UpstreamNeighbor = { vif: 0, address: '10.0.1.1' };
const B: UpstreamNeighbor = { vif: 1, address: '10.0.2.1' };

function upstream() {
  const clock = new VirtualClock();
  const sent: string[] = [];
  let sptCleared = 0;
  const machine = new UpstreamMachine(
    {
      clock,
      period: PERIOD,
      suppressed: () => SUPPRESSED,
      override: () => OVERRIDE,
      sendJoin: (to) => sent.push(`Join→${to?.address}@${clock.now()}`),
      sendPrune: (to) => sent.push(`Prune→${to?.address}@${clock.now()}`),
      clearSptBit: () => sptCleared++,
    },
    A,
  );
  return { clock, sent, machine, sptCleared: () => sptCleared };
}

function joined() {
  const u = upstream();
  u.machine.joinDesired(true);
  u.sent.length = 0;
  return u;
}

const scenarios: Record<string, () => void> = {
  'NotJoined × JoinDesired(X) -> TRUE': () => {
    const u = upstream();
    u.machine.joinDesired(true);
    expect(u.machine.state).toBe('Joined');
    expect(u.sent).toEqual(['Join→10.0.1.1@0']);
    expect(u.machine.timers()).toEqual({ 'Join Timer': PERIOD });
  },
  'Joined × JoinDesired(X) -> FALSE': () => {
    const u = joined();
    u.machine.joinDesired(false);
    expect(u.machine.state).toBe('NotJoined');
    expect(u.sent).toEqual(['Prune→10.0.1.1@0']);
    expect(u.machine.timers()).toEqual({});
    expect(u.sptCleared()).toBe(1);
  },
  'Joined × Join Timer expires': () => {
    const u = joined();
    u.clock.advance(2 * PERIOD);
    expect(u.sent).toEqual([`Join→10.0.1.1@${PERIOD}`, `Join→10.0.1.1@${2 * PERIOD}`]);
  },
  "Joined × See Join(X) to RPF'(X)": () => {
    const u = joined();
    u.machine.handle("See Join(X) to RPF'(X)");
    expect(u.machine.timers()).toEqual({ 'Join Timer': SUPPRESSED });
    // Never shortened by suppression.
    u.clock.advance(10);
    u.machine.handle("See Join(X) to RPF'(X)");
    expect(u.machine.timers()).toEqual({ 'Join Timer': SUPPRESSED });
  },
  "Joined × See Prune to RPF'(X)": () => {
    const u = joined();
    u.machine.handle("See Prune to RPF'(X)");
    expect(u.machine.timers()).toEqual({ 'Join Timer': OVERRIDE });
    u.clock.advance(OVERRIDE);
    expect(u.sent).toEqual([`Join→10.0.1.1@${OVERRIDE}`]);
  },
  "Joined × RPF'(X) changes not due to an Assert": () => {
    const u = joined();
    u.clock.advance(1_000);
    u.machine.rpfPrimeChanged(B);
    expect(u.sent).toEqual(['Join→10.0.2.1@1000', 'Prune→10.0.1.1@1000']);
    expect(u.machine.timers()).toEqual({ 'Join Timer': PERIOD });
    expect(u.machine.neighbor).toEqual(B);
  },
  "Joined × RPF'(X) GenID changes": () => {
    const u = joined();
    u.machine.handle("RPF'(X) GenID changes");
    expect(u.machine.timers()).toEqual({ 'Join Timer': OVERRIDE });
  },
};

function rpt() {
  const clock = new VirtualClock();
  const sent: string[] = [];
  const machine = new RptUpstreamMachine({
    clock,
    override: () => OVERRIDE,
    sendJoin: () => sent.push(`Join(S,G,rpt)@${clock.now()}`),
    sendPrune: () => sent.push(`Prune(S,G,rpt)@${clock.now()}`),
  });
  return { clock, sent, machine };
}

function notPruned() {
  const r = rpt();
  r.machine.evaluate(true, false, false);
  return r;
}

function pruned() {
  const r = notPruned();
  r.machine.evaluate(true, true, false);
  r.sent.length = 0;
  return r;
}

function overriding() {
  const r = notPruned();
  r.machine.handle("See Prune(S,G,rpt) to RPF'(S,G,rpt)");
  return r;
}

const rptScenarios: Record<string, () => void> = {
  'RPTNotJoined × PruneDesired(S,G,rpt) -> TRUE': () => {
    const r = rpt();
    r.machine.evaluate(true, true, true);
    // The Prune rides in the Join(*,G) that goes out with it.
    expect([r.machine.state, r.sent]).toEqual(['Pruned', []]);
  },
  'RPTNotJoined × inherited_olist(S,G,rpt) -> non-NULL': () => {
    const r = rpt();
    r.machine.evaluate(true, false, false);
    expect([r.machine.state, r.sent]).toEqual(['NotPruned', []]);
  },
  'Pruned × PruneDesired(S,G,rpt) -> FALSE': () => {
    const r = pruned();
    r.machine.evaluate(true, false, false);
    expect([r.machine.state, r.sent]).toEqual(['NotPruned', ['Join(S,G,rpt)@0']]);
  },
  'Pruned × RPTJoinDesired(G) -> FALSE': () => {
    const r = pruned();
    r.machine.evaluate(false, false, true);
    expect([r.machine.state, r.sent]).toEqual(['RPTNotJoined', []]);
  },
  'NotPruned × PruneDesired(S,G,rpt) -> TRUE': () => {
    const r = overriding();
    r.machine.evaluate(true, true, false);
    expect([r.machine.state, r.sent, r.machine.timers()]).toEqual(['Pruned', ['Prune(S,G,rpt)@0'], {}]);
  },
  'NotPruned × RPTJoinDesired(G) -> FALSE': () => {
    const r = overriding();
    r.machine.evaluate(false, false, true);
    expect([r.machine.state, r.machine.timers()]).toEqual(['RPTNotJoined', {}]);
    r.clock.advance(OVERRIDE);
    expect(r.sent).toEqual([]);
  },
  'NotPruned × Override Timer expires': () => {
    const r = overriding();
    r.clock.advance(OVERRIDE);
    expect([r.machine.state, r.sent]).toEqual(['NotPruned', [`Join(S,G,rpt)@${OVERRIDE}`]]);
  },
  "NotPruned × See Prune(S,G,rpt) to RPF'(S,G,rpt)": () => {
    const r = overriding();
    expect(r.machine.timers()).toEqual({ 'Override Timer': OVERRIDE });
    // Only ever decreased: a second Prune does not push the override back.
    r.clock.advance(100);
    r.machine.handle("See Prune(S,G,rpt) to RPF'(S,G,rpt)");
    expect(r.machine.timers()).toEqual({ 'Override Timer': OVERRIDE - 100 });
  },
  "NotPruned × See Join(S,G,rpt) to RPF'(S,G,rpt)": () => {
    const r = overriding();
    r.machine.handle("See Join(S,G,rpt) to RPF'(S,G,rpt)");
    r.clock.advance(OVERRIDE);
    expect([r.machine.timers(), r.sent]).toEqual([{}, []]);
  },
  "NotPruned × See Prune(S,G) to RPF'(S,G,rpt)": () => {
    const r = notPruned();
    r.machine.handle("See Prune(S,G) to RPF'(S,G,rpt)");
    expect(r.machine.timers()).toEqual({ 'Override Timer': OVERRIDE });
  },
  "NotPruned × RPF'(S,G,rpt) changes": () => {
    const r = notPruned();
    r.machine.handle("RPF'(S,G,rpt) changes");
    r.clock.advance(OVERRIDE);
    expect(r.sent).toEqual([`Join(S,G,rpt)@${OVERRIDE}`]);
  },
};

describe.each([
  { name: '(*,G) and (S,G) upstream (RFC 7761 §4.5.6, §4.5.7)', table: UPSTREAM_TRANSITIONS, scenarios },
  { name: '(S,G,rpt) upstream (RFC 7761 §4.5.9)', table: RPT_UPSTREAM_TRANSITIONS, scenarios: rptScenarios },
])('$name', ({ table, scenarios: cells }) => {
  it('has a scenario for each cell of the table', () => {
    expect(Object.keys(cells).sort()).toEqual(tableCells(table).sort());
  });

  it.each(Object.entries(cells))('%s', (_, scenario) => scenario());
});

describe('upstream machines', () => {
  it('re-feeding a level changes nothing', () => {
    const u = joined();
    u.machine.joinDesired(true);
    const r = pruned();
    r.machine.evaluate(true, true, false);
    expect([u.sent, r.sent]).toEqual([[], []]);
  });

  it('send nothing when RPF′ is NULL, and hear nothing of an RPF′ that did not move', () => {
    const clock = new VirtualClock();
    const sent: unknown[] = [];
    const machine = new UpstreamMachine(
      {
        clock,
        period: PERIOD,
        suppressed: () => SUPPRESSED,
        override: () => OVERRIDE,
        sendJoin: (to) => sent.push(to),
        sendPrune: (to) => sent.push(to),
      },
      undefined,
    );
    machine.joinDesired(true);
    machine.rpfPrimeChanged(undefined);
    expect(sent).toEqual([undefined]);
  });

  it('piggyback a Join due within half a period, and restart its Join Timer', () => {
    const u = joined();
    expect(u.machine.piggyback()).toBe(false);
    u.clock.advance(PERIOD / 2);
    expect(u.machine.piggyback()).toBe(true);
    expect(u.machine.timers()).toEqual({ 'Join Timer': PERIOD });
    expect(upstream().machine.piggyback()).toBe(false);
  });
});
