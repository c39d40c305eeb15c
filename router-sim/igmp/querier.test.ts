import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import type { MembershipQuery } from '../wire/igmp/message.js';
import { QUERIER_TRANSITIONS, QuerierElection } from './querier.js';
import type { RouterVersion } from './queries.js';
import { igmpTimers } from './timers.js';

const fast = igmpTimers('fast');

function election(version: RouterVersion = 3, timers = fast) {
  const clock = new VirtualClock();
  const queries: number[] = [];
  const querier = new QuerierElection({
    clock,
    address: '10.0.0.2',
    version,
    timers,
    sendGeneralQuery: () => queries.push(clock.now()),
  });
  return { clock, querier, queries };
}

const query = (fields: Partial<MembershipQuery> = {}): MembershipQuery => ({
  type: 'query',
  version: 3,
  group: '0.0.0.0',
  maxRespTimeMs: 1000,
  sFlag: false,
  qrv: 2,
  qqicSeconds: 5,
  sources: [],
  ...fields,
});

/** Brings a started election to Non-Querier at t = 100 ms, silenced by 10.0.0.1. */
function silenced(e: ReturnType<typeof election>) {
  e.querier.start();
  e.clock.advance(100);
  e.querier.queryHeard(query(), '10.0.0.1');
}

/** One scenario per row of the table, driving that transition and checking its actions. */
const scenarios: Record<string, () => void> = {
  'Initial × start up': () => {
    const e = election();
    e.querier.start();
    expect(e.querier.state).toBe('Querier');
    expect(e.querier.querierAddress).toBe('10.0.0.2');
    expect(e.queries).toEqual([0]);
    expect(e.clock.scheduled).toBe(1);
  },
  'Querier × general query timer expired': () => {
    const e = election();
    e.querier.start();
    e.clock.advance(fast.startupQueryInterval);
    expect(e.queries).toEqual([0, 1_250]);
    e.clock.advance(fast.queryInterval);
    expect(e.queries).toEqual([0, 1_250, 6_250]);
    expect(e.querier.state).toBe('Querier');
  },
  'Querier × query from a lower address': () => {
    const e = election();
    silenced(e);
    expect(e.querier.state).toBe('Non-Querier');
    expect(e.querier.querierAddress).toBe('10.0.0.1');
    expect(e.querier.otherQuerierExpiresInMs()).toBe(fast.otherQuerierPresentInterval);
    e.clock.advance(fast.otherQuerierPresentInterval - 1);
    expect(e.queries).toEqual([0]);
  },
  'Querier × stop': () => {
    const e = election();
    e.querier.start();
    e.querier.stop();
    expect(e.querier.state).toBe('Initial');
    expect(e.querier.querierAddress).toBeUndefined();
    expect(e.clock.scheduled).toBe(0);
  },
  'Non-Querier × query from a lower address': () => {
    const e = election();
    silenced(e);
    e.clock.advance(5_000);
    e.querier.queryHeard(query(), '10.0.0.1');
    expect(e.querier.otherQuerierExpiresInMs()).toBe(fast.otherQuerierPresentInterval);
    e.clock.advance(fast.otherQuerierPresentInterval - 1);
    expect(e.querier.state).toBe('Non-Querier');
    expect(e.queries).toEqual([0]);
  },
  'Non-Querier × other querier present timer expired': () => {
    const e = election();
    silenced(e);
    e.clock.advance(fast.otherQuerierPresentInterval);
    expect(e.querier.state).toBe('Querier');
    expect(e.querier.otherQuerierExpiresInMs()).toBeUndefined();
    // A General Query right away, then one every Query Interval: no second startup.
    e.clock.advance(fast.queryInterval);
    expect(e.queries).toEqual([0, 10_600, 15_600]);
  },
  'Non-Querier × stop': () => {
    const e = election();
    silenced(e);
    e.querier.stop();
    expect(e.querier.state).toBe('Initial');
    expect(e.clock.scheduled).toBe(0);
  },
};

describe('QuerierElection', () => {
  const rows = Object.entries(QUERIER_TRANSITIONS).flatMap(([state, events]) =>
    Object.keys(events).map((event) => `${state} × ${event}`),
  );

  it('has a scenario for each transition of the table', () => {
    expect(Object.keys(scenarios).sort()).toEqual(rows.sort());
  });

  it.each(Object.entries(scenarios))('%s', (_, scenario) => scenario());

  it('ignores queries from higher addresses, its own address and before starting', () => {
    const e = election();
    e.querier.queryHeard(query(), '10.0.0.1');
    expect(e.querier.state).toBe('Initial');
    e.querier.start();
    e.querier.queryHeard(query(), '10.0.0.3');
    e.querier.queryHeard(query(), '10.0.0.2');
    expect(e.querier.state).toBe('Querier');
  });

  it('sends Startup Query Count queries Startup Query Interval apart, then one every Query Interval', () => {
    const e = election(3, igmpTimers('fast', 3));
    e.querier.start();
    e.clock.advance(20_000);
    expect(e.queries).toEqual([0, 1_250, 2_500, 7_500, 12_500, 17_500]);
  });

  it('ends the startup when silenced, so taking over later sends no startup burst', () => {
    const e = election(3, igmpTimers('fast', 3));
    silenced(e);
    e.clock.advance(20_000);
    // Taken over at 100 + 10,500 (the OQPI of the silencer's QRV 2), then Query Interval apart.
    expect(e.queries).toEqual([0, 10_600, 15_600]);
  });

  it("adopts the querier's QRV and QQI while silenced, and its own values as querier", () => {
    const e = election();
    e.querier.start();
    e.querier.queryHeard(query({ qrv: 3, qqicSeconds: 10 }), '10.0.0.1');
    expect(e.querier.timers).toMatchObject({ robustnessVariable: 3, queryInterval: 10_000 });
    expect(e.querier.otherQuerierExpiresInMs()).toBe(30_500);
    e.clock.advance(30_500);
    expect(e.querier.state).toBe('Querier');
    expect(e.querier.timers).toBe(fast);
  });

  it('adopts nothing from IGMPv2 queries, nor as an IGMPv2 router', () => {
    const v3 = election(3);
    v3.querier.start();
    v3.querier.queryHeard({ type: 'query', version: 2, group: '0.0.0.0', maxRespTimeMs: 1000 }, '10.0.0.1');
    expect(v3.querier.timers).toEqual(fast);
    const v2 = election(2);
    v2.querier.start();
    v2.querier.queryHeard(query({ qrv: 3, qqicSeconds: 10 }), '10.0.0.1');
    expect(v2.querier.timers).toEqual(fast);
  });
});
