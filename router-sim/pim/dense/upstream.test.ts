import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { VirtualClock } from '../../../common/sim/virtual-clock.js';
import { pimTimers } from '../common/timers.js';
import { UPSTREAM_TRANSITIONS, type UpstreamEvent, UpstreamMachine } from './upstream.js';

const fast = pimTimers('fast');
const OVERRIDE = 500;

function upstream() {
  const clock = new VirtualClock();
  const sent: string[] = [];
  const record = (what: string) => () => sent.push(`${what}@${clock.now()}`);
  const machine = new UpstreamMachine({
    clock,
    random: seededRandom(7),
    timers: fast,
    overrideInterval: () => OVERRIDE,
    sendPrune: record('Prune'),
    sendJoin: record('Join'),
    sendGraft: record('Graft'),
  });
  return { clock, machine, sent };
}

type Upstream = ReturnType<typeof upstream>;

function pruned(): Upstream {
  const u = upstream();
  u.machine.handle('olist(S,G) -> NULL');
  u.sent.length = 0;
  return u;
}

function ackPending(): Upstream {
  const u = pruned();
  u.machine.handle('olist(S,G) -> non-NULL');
  u.sent.length = 0;
  return u;
}

/** OT is set to a random t_override below the Override Interval, and a Join goes when it expires. */
function expectOverride(u: Upstream): void {
  const ot = u.machine.timers().OT ?? -1;
  expect(ot).toBeGreaterThanOrEqual(0);
  expect(ot).toBeLessThan(OVERRIDE);
  u.clock.advance(ot);
  expect(u.sent).toEqual([`Join@${ot}`]);
}

const DATA: UpstreamEvent = 'Data arrives on RPF_Interface(S), olist(S,G) NULL, PLT(S,G) not running';

const scenarios: Record<string, () => void> = {
  [`Forwarding × ${DATA}`]: () => {
    const u = upstream();
    u.machine.handle(DATA);
    expect(u.machine.state).toBe('Pruned');
    expect(u.sent).toEqual(['Prune@0']);
    expect(u.machine.timers()).toEqual({ PLT: fast.pruneLimit });
  },
  "Forwarding × State Refresh(S,G) from RPF'(S), Prune Indicator 1": () => {
    const u = upstream();
    u.machine.handle("State Refresh(S,G) from RPF'(S), Prune Indicator 1");
    expect(u.machine.state).toBe('Forwarding');
    expectOverride(u);
  },
  "Forwarding × See Join(S,G) to RPF'(S)": () => {
    const u = upstream();
    u.machine.seePrune(10_000);
    u.machine.handle("See Join(S,G) to RPF'(S)");
    expect(u.machine.timers()).toEqual({});
    u.clock.advance(OVERRIDE);
    expect(u.sent).toEqual([]);
  },
  'Forwarding × See Prune(S,G)': () => {
    const u = upstream();
    u.machine.seePrune(10_000);
    const ot = u.machine.timers().OT;
    // A second Prune does not push the override back.
    u.clock.advance(1);
    u.machine.seePrune(10_000);
    expect(u.machine.timers().OT).toBe((ot ?? 0) - 1);
    expect(u.machine.state).toBe('Forwarding');
  },
  'Forwarding × OT(S,G) expires': () => {
    const u = upstream();
    u.machine.seePrune(10_000);
    expectOverride(u);
    expect(u.machine.state).toBe('Forwarding');
  },
  'Forwarding × olist(S,G) -> NULL': () => {
    const u = upstream();
    u.machine.handle('olist(S,G) -> NULL');
    expect(u.machine.state).toBe('Pruned');
    expect(u.sent).toEqual(['Prune@0']);
    expect(u.machine.timers()).toEqual({ PLT: fast.pruneLimit });
  },
  "Forwarding × RPF'(S) changes, olist(S,G) non-NULL": () => {
    const u = upstream();
    u.machine.handle("RPF'(S) changes, olist(S,G) non-NULL");
    expect(u.machine.state).toBe('AckPending');
    expect(u.sent).toEqual(['Graft@0']);
    expect(u.machine.timers()).toEqual({ GRT: fast.graftRetryPeriod });
  },
  "Forwarding × RPF'(S) changes, olist(S,G) NULL": () => {
    const u = upstream();
    u.machine.handle("RPF'(S) changes, olist(S,G) NULL");
    expect(u.machine.state).toBe('Pruned');
    expect(u.sent).toEqual([]);
    expect(u.machine.pruneLimitRunning).toBe(false);
  },
  [`Pruned × ${DATA}`]: () => {
    const u = pruned();
    u.clock.advance(fast.pruneLimit);
    expect(u.machine.pruneLimitRunning).toBe(false);
    u.machine.handle(DATA);
    expect(u.machine.state).toBe('Pruned');
    expect(u.sent).toEqual([`Prune@${fast.pruneLimit}`]);
    expect(u.machine.timers()).toEqual({ PLT: fast.pruneLimit });
  },
  "Pruned × State Refresh(S,G) from RPF'(S), Prune Indicator 1": () => {
    const u = pruned();
    u.clock.advance(3_000);
    u.machine.handle("State Refresh(S,G) from RPF'(S), Prune Indicator 1");
    expect(u.machine.timers()).toEqual({ PLT: fast.pruneLimit });
    expect(u.sent).toEqual([]);
  },
  "Pruned × State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running": () => {
    const u = pruned();
    u.clock.advance(fast.pruneLimit);
    u.machine.handle("State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running");
    expect(u.machine.state).toBe('Pruned');
    expect(u.sent).toEqual([`Prune@${fast.pruneLimit}`]);
    expect(u.machine.pruneLimitRunning).toBe(true);
  },
  'Pruned × See Prune(S,G)': () => {
    const u = pruned();
    u.clock.advance(6_000);
    u.machine.seePrune(8_000);
    expect(u.machine.timers()).toEqual({ PLT: 8_000 });
    // A shorter Holdtime leaves the PLT alone.
    u.machine.seePrune(1_000);
    expect(u.machine.timers()).toEqual({ PLT: 8_000 });
    expect(u.sent).toEqual([]);
  },
  'Pruned × olist(S,G) -> non-NULL': () => {
    const u = pruned();
    u.machine.handle('olist(S,G) -> non-NULL');
    expect(u.machine.state).toBe('AckPending');
    expect(u.sent).toEqual(['Graft@0']);
    expect(u.machine.timers()).toEqual({ GRT: fast.graftRetryPeriod });
  },
  "Pruned × RPF'(S) changes, olist(S,G) non-NULL": () => {
    const u = pruned();
    u.machine.handle("RPF'(S) changes, olist(S,G) non-NULL");
    expect(u.machine.state).toBe('AckPending');
    expect(u.sent).toEqual(['Graft@0']);
    expect(u.machine.timers()).toEqual({ GRT: fast.graftRetryPeriod });
  },
  "Pruned × RPF'(S) changes, olist(S,G) NULL": () => {
    const u = pruned();
    u.machine.handle("RPF'(S) changes, olist(S,G) NULL");
    expect(u.machine.state).toBe('Pruned');
    expect(u.machine.timers()).toEqual({});
  },
  "Pruned × RPF'(S) restarts": () => {
    const u = pruned();
    u.machine.handle("RPF'(S) restarts");
    expect(u.machine.state).toBe('Pruned');
    expect(u.machine.pruneLimitRunning).toBe(false);
    // So the next data from the restarted neighbor is pruned at once.
    u.machine.handle(DATA);
    expect(u.sent).toEqual(['Prune@0']);
  },
  "AckPending × State Refresh(S,G) from RPF'(S), Prune Indicator 1": () => {
    const u = ackPending();
    u.machine.handle("State Refresh(S,G) from RPF'(S), Prune Indicator 1");
    expect(u.machine.state).toBe('AckPending');
    expectOverride(u);
  },
  "AckPending × State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running": () => {
    const u = ackPending();
    u.machine.handle("State Refresh(S,G) from RPF'(S), Prune Indicator 0, PLT(S,G) not running");
    expect(u.machine.state).toBe('Forwarding');
    expect(u.machine.timers()).toEqual({});
  },
  "AckPending × See Join(S,G) to RPF'(S)": () => {
    const u = ackPending();
    u.machine.seePrune(10_000);
    u.machine.handle("See Join(S,G) to RPF'(S)");
    expect(u.machine.timers()).toEqual({ GRT: fast.graftRetryPeriod });
    expect(u.machine.state).toBe('AckPending');
  },
  'AckPending × See Prune(S,G)': () => {
    const u = ackPending();
    u.machine.seePrune(10_000);
    expect(u.machine.state).toBe('AckPending');
    expect(u.machine.timers().OT).toBeLessThan(OVERRIDE);
  },
  'AckPending × OT(S,G) expires': () => {
    const u = ackPending();
    u.machine.seePrune(10_000);
    expectOverride(u);
    expect(u.machine.state).toBe('AckPending');
  },
  'AckPending × olist(S,G) -> NULL': () => {
    const u = ackPending();
    u.machine.handle('olist(S,G) -> NULL');
    expect(u.machine.state).toBe('Pruned');
    expect(u.sent).toEqual(['Prune@0']);
    expect(u.machine.timers()).toEqual({ PLT: fast.pruneLimit });
  },
  "AckPending × RPF'(S) changes, olist(S,G) non-NULL": () => {
    const u = ackPending();
    u.clock.advance(400);
    u.machine.handle("RPF'(S) changes, olist(S,G) non-NULL");
    expect(u.machine.state).toBe('AckPending');
    expect(u.sent).toEqual(['Graft@400']);
    expect(u.machine.timers()).toEqual({ GRT: fast.graftRetryPeriod });
  },
  "AckPending × RPF'(S) changes, olist(S,G) NULL": () => {
    const u = ackPending();
    u.machine.handle("RPF'(S) changes, olist(S,G) NULL");
    expect(u.machine.state).toBe('Pruned');
    expect(u.machine.timers()).toEqual({});
    expect(u.sent).toEqual([]);
  },
  'AckPending × S becomes directly connected': () => {
    const u = ackPending();
    u.machine.handle('S becomes directly connected');
    expect(u.machine.state).toBe('Forwarding');
    expect(u.machine.timers()).toEqual({});
  },
  'AckPending × GRT(S,G) expires': () => {
    const u = ackPending();
    u.clock.advance(3 * fast.graftRetryPeriod);
    expect(u.sent).toEqual([1, 2, 3].map((n) => `Graft@${n * fast.graftRetryPeriod}`));
    expect(u.machine.state).toBe('AckPending');
  },
  "AckPending × Graft Ack(S,G) from RPF'(S)": () => {
    const u = ackPending();
    u.machine.handle("Graft Ack(S,G) from RPF'(S)");
    expect(u.machine.state).toBe('Forwarding');
    u.clock.advance(fast.graftRetryPeriod);
    expect(u.sent).toEqual([]);
  },
};

describe('Upstream(S,G) state machine (RFC 3973 §4.4.1)', () => {
  const cells = Object.entries(UPSTREAM_TRANSITIONS).flatMap(([state, events]) =>
    Object.keys(events).map((event) => `${state} × ${event}`),
  );

  it('has a scenario for each cell of the table', () => {
    expect(Object.keys(scenarios).sort()).toEqual(cells.sort());
  });

  it.each(Object.entries(scenarios))('%s', (_, scenario) => scenario());

  it('ignores events without a cell', () => {
    const u = upstream();
    const events = ['olist(S,G) -> non-NULL', 'GRT(S,G) expires', "Graft Ack(S,G) from RPF'(S)"] as const;
    for (const event of events) u.machine.handle(event);
    expect(u.machine.state).toBe('Forwarding');
    expect(u.sent).toEqual([]);
  });
});
