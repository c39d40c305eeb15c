import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import type { GroupRecordType, IgmpMessage, MembershipQuery } from '../wire/igmp/message.js';
import { MAX_GROUPS_PER_INTERFACE } from './limits.js';
import type { RouterVersion } from './queries.js';
import { IgmpRouterInterface } from './router-interface.js';
import { type MembershipEvent, recordingPort, type Sent } from './test-support.js';
import { igmpTimers } from './timers.js';

const fast = igmpTimers('fast');
const G = '239.1.1.1';
const H1 = '10.0.0.10';
const H2 = '10.0.0.11';
const S1 = '192.0.2.1';
const S2 = '192.0.2.2';

/** A router interface past its startup queries, at t = 20 s, with nothing recorded yet. */
function setup(version: RouterVersion = 3, address = '10.0.0.1') {
  const clock = new VirtualClock();
  const port = recordingPort(clock);
  const membership: MembershipEvent[] = [];
  const router = new IgmpRouterInterface({
    clock,
    port,
    address,
    version,
    timers: fast,
    onMembership: (group, hasMembers) => membership.push({ at: clock.now(), group, hasMembers }),
  });
  router.start();
  clock.advance(20_000);
  port.sent.length = 0;
  return { clock, port, membership, router };
}

const v1Report = (group = G): IgmpMessage => ({ type: 'v1-report', group });
const v2Report = (group = G): IgmpMessage => ({ type: 'v2-report', group });
const leave = (group = G): IgmpMessage => ({ type: 'v2-leave', group });
const v3 = (type: GroupRecordType, sources: string[] = [], group = G): IgmpMessage => ({
  type: 'v3-report',
  records: [{ type, group, sources }],
});

/** The group(-and-source)-specific queries sent, as (time, sources, S flag). */
const groupQueries = (sent: Sent[]) =>
  sent.flatMap(({ at, message, destination }) =>
    message.type === 'query' && message.group !== '0.0.0.0'
      ? [{ at, destination, sources: message.sources ?? [], suppress: message.sFlag ?? false }]
      : [],
  );

const groupOf = (router: IgmpRouterInterface, group = G) =>
  router.snapshot().groups.find((g) => g.group === group);

const v3Query = (fields: Partial<MembershipQuery>): MembershipQuery => ({
  type: 'query',
  version: 3,
  group: '0.0.0.0',
  maxRespTimeMs: 200,
  sFlag: false,
  qrv: 2,
  qqicSeconds: 5,
  sources: [],
  ...fields,
});

describe.each([2, 3] as const)('IGMPv2 leave on an IGMPv%i router', (version) => {
  it('sends Last Member Query Count group-specific queries LMQI apart, then drops the group after LMQT', () => {
    const { clock, port, membership, router } = setup(version);
    router.receive(v2Report(), H1);
    clock.advance(1_000);
    const left = clock.now();
    router.receive(leave(), H1);
    expect(groupOf(router)?.expiresInMs).toBe(fast.lastMemberQueryTime);
    clock.advance(fast.lastMemberQueryTime - 1);
    expect(groupQueries(port.sent)).toEqual([
      { at: left, destination: G, sources: [], suppress: false },
      { at: left + 200, destination: G, sources: [], suppress: false },
    ]);
    expect(port.sent[0]?.message).toMatchObject({ type: 'query', version, group: G, maxRespTimeMs: 200 });
    expect(membership).toEqual([{ at: 20_000, group: G, hasMembers: true }]);
    clock.advance(1);
    expect(membership.at(-1)).toEqual({ at: left + 400, group: G, hasMembers: false });
    expect(router.snapshot().groups).toEqual([]);
  });

  it('keeps the group when a member answers the group-specific query', () => {
    const { clock, port, membership, router } = setup(version);
    router.receive(v2Report(), H1);
    router.receive(v2Report(), H2);
    const left = clock.now();
    router.receive(leave(), H1);
    clock.advance(50);
    router.receive(v2Report(), H2);
    clock.advance(1_000);
    // IGMPv3 retransmits with the S flag set; IGMPv2, which has no S flag, stops (RFC 2236 §7).
    const expected = [{ at: left, destination: G, sources: [], suppress: false }];
    if (version === 3) expected.push({ at: left + 200, destination: G, sources: [], suppress: true });
    expect(groupQueries(port.sent)).toEqual(expected);
    expect(membership).toHaveLength(1);
    // Nobody answers later queries: the group runs out a Group Membership Interval after the answer.
    clock.advance(left + 50 + fast.groupMembershipInterval - clock.now() - 1);
    expect(membership).toHaveLength(1);
    clock.advance(1);
    expect(membership.at(-1)).toEqual({
      at: left + 50 + fast.groupMembershipInterval,
      group: G,
      hasMembers: false,
    });
  });
});

describe('IGMPv3 leaves', () => {
  it('TO_IN({}) from the last EXCLUDE member queries the group and drops it after LMQT', () => {
    const { clock, port, membership, router } = setup();
    router.receive(v3('CHANGE_TO_EXCLUDE_MODE'), H1);
    expect(groupOf(router)).toMatchObject({
      filterMode: 'EXCLUDE',
      expiresInMs: fast.groupMembershipInterval,
    });
    clock.advance(3_000);
    router.receive(v3('CHANGE_TO_INCLUDE_MODE'), H1);
    clock.advance(400);
    expect(groupQueries(port.sent).map((q) => [q.at, q.sources, q.suppress])).toEqual([
      [23_000, [], false],
      [23_200, [], false],
    ]);
    expect(port.sent.find((s) => s.destination === G)?.message).toEqual({
      type: 'query',
      version: 3,
      group: G,
      maxRespTimeMs: 200,
      sFlag: false,
      qrv: 2,
      qqicSeconds: 5,
      sources: [],
    });
    expect(membership.map((m) => [m.at, m.hasMembers])).toEqual([
      [20_000, true],
      [23_400, false],
    ]);
  });

  it('BLOCK of INCLUDE sources queries them; they run out after LMQT, then TO_IN({}) ends the group', () => {
    const { clock, port, membership, router } = setup();
    router.receive(v3('ALLOW_NEW_SOURCES', [S1, S2]), H1);
    router.receive(v3('BLOCK_OLD_SOURCES', [S1]), H1);
    clock.advance(400);
    expect(groupQueries(port.sent)).toEqual([
      { at: 20_000, destination: G, sources: [S1], suppress: false },
      { at: 20_200, destination: G, sources: [S1], suppress: false },
    ]);
    expect(groupOf(router)).toMatchObject({
      filterMode: 'INCLUDE',
      sources: [{ address: S2, expiresInMs: 10_600 }],
    });
    router.receive(v3('CHANGE_TO_INCLUDE_MODE'), H1);
    clock.advance(400);
    expect(
      groupQueries(port.sent)
        .slice(2)
        .map((q) => [q.at, q.sources]),
    ).toEqual([
      [20_400, [S2]],
      [20_600, [S2]],
    ]);
    expect(membership.map((m) => [m.at, m.hasMembers])).toEqual([
      [20_000, true],
      [20_800, false],
    ]);
  });

  it('moves a source a member still wants into the query with the S flag set', () => {
    const { clock, port, router } = setup();
    router.receive(v3('MODE_IS_INCLUDE', [S1, S2]), H1);
    router.receive(v3('BLOCK_OLD_SOURCES', [S1, S2]), H1);
    clock.advance(50);
    router.receive(v3('MODE_IS_INCLUDE', [S1]), H2);
    clock.advance(400);
    expect(groupQueries(port.sent)).toEqual([
      { at: 20_000, destination: G, sources: [S1, S2], suppress: false },
      { at: 20_200, destination: G, sources: [S1], suppress: true },
      { at: 20_200, destination: G, sources: [S2], suppress: false },
    ]);
    expect(groupOf(router)?.sources.map((s) => s.address)).toEqual([S1]);
  });

  it('keeps EXCLUDE members through TO_IN of another member, switching to INCLUDE of the wanted sources', () => {
    const { clock, membership, router } = setup();
    router.receive(v3('MODE_IS_EXCLUDE'), H1);
    router.receive(v3('CHANGE_TO_INCLUDE_MODE', [S1]), H1);
    clock.advance(400);
    expect(groupOf(router)).toMatchObject({ filterMode: 'INCLUDE', sources: [{ address: S1 }] });
    expect(membership).toHaveLength(1);
  });
});

describe('a non-querier', () => {
  function nonQuerier() {
    const s = setup(3, '10.0.0.2');
    s.router.receive(v3Query({}), '10.0.0.1');
    s.router.receive(v2Report(), H1);
    s.port.sent.length = 0;
    return s;
  }

  it('sends no queries on a leave and keeps its timers until it hears the querier', () => {
    const { clock, port, membership, router } = nonQuerier();
    clock.advance(1_000);
    router.receive(leave(), H1);
    expect(groupOf(router)?.expiresInMs).toBe(10_000);
    clock.advance(10);
    router.receive(v3Query({ group: G }), '10.0.0.1');
    expect(groupOf(router)?.expiresInMs).toBe(fast.lastMemberQueryTime);
    clock.advance(fast.lastMemberQueryTime);
    expect(port.sent).toEqual([]);
    expect(membership.at(-1)).toEqual({ at: 21_410, group: G, hasMembers: false });
  });

  it('leaves its timers alone for queries with the S flag set', () => {
    const { router } = nonQuerier();
    router.receive(v3Query({ group: G, sFlag: true }), '10.0.0.1');
    expect(groupOf(router)?.expiresInMs).toBe(fast.groupMembershipInterval);
  });

  it('lowers to Last Member Query Count × Max Resp Time for an IGMPv2 query (RFC 2236 §3)', () => {
    const { router } = nonQuerier();
    router.receive({ type: 'query', version: 2, group: G, maxRespTimeMs: 100 }, '10.0.0.1');
    expect(groupOf(router)?.expiresInMs).toBe(200);
  });

  it('lowers the Source Timers a group-and-source-specific query names', () => {
    const { router } = nonQuerier();
    router.receive(v3('ALLOW_NEW_SOURCES', [S1, S2]), H1);
    router.receive(v3Query({ group: G, sources: [S1] }), '10.0.0.1');
    expect(groupOf(router)?.sources).toEqual([
      { address: S1, expiresInMs: 400 },
      { address: S2, expiresInMs: 11_000 },
    ]);
    expect(groupOf(router)?.expiresInMs).toBe(11_000);
  });
});

describe('group compatibility mode', () => {
  it('drops to IGMPv2 on a v2 report, reads v3 records by IGMPv2 rules, and returns after Older Host Present Interval', () => {
    const { clock, port, router } = setup();
    router.receive(v3('MODE_IS_EXCLUDE'), H1);
    expect(groupOf(router)?.compatibilityMode).toBe(3);
    router.receive(v2Report(), H2);
    expect(groupOf(router)).toMatchObject({ compatibilityMode: 2, lastReporter: H2 });

    router.receive(v3('BLOCK_OLD_SOURCES', [S1]), H1);
    router.receive(v3('CHANGE_TO_EXCLUDE_MODE', [S1]), H1);
    expect(groupOf(router)?.sources).toEqual([]);
    expect(groupQueries(port.sent)).toEqual([]);

    // The v3 member keeps reporting, the v2 one falls silent.
    for (let t = 5_000; t < fast.olderHostPresentInterval; t += 5_000) {
      clock.advance(5_000);
      router.receive(v3('MODE_IS_EXCLUDE'), H1);
    }
    clock.advance(fast.olderHostPresentInterval - 10_000 - 1);
    expect(groupOf(router)?.compatibilityMode).toBe(2);
    clock.advance(1);
    expect(groupOf(router)?.compatibilityMode).toBe(3);
    // Now S1 counts: the querier checks whether any member still wants it, and then excludes it.
    router.receive(v3('CHANGE_TO_EXCLUDE_MODE', [S1]), H1);
    expect(groupOf(router)?.sources).toEqual([{ address: S1, expiresInMs: fast.lastMemberQueryTime }]);
    expect(groupQueries(port.sent).map((q) => q.sources)).toEqual([[S1]]);
    clock.advance(fast.lastMemberQueryTime);
    expect(groupOf(router)).toMatchObject({
      filterMode: 'EXCLUDE',
      sources: [{ address: S1, expiresInMs: 0 }],
    });
  });

  it('ignores leaves while an IGMPv1 member is present', () => {
    const { clock, port, membership, router } = setup();
    router.receive(v1Report(), H1);
    router.receive(v2Report(), H2);
    expect(groupOf(router)?.compatibilityMode).toBe(1);
    router.receive(leave(), H2);
    router.receive(v3('CHANGE_TO_INCLUDE_MODE'), H2);
    clock.advance(1_000);
    expect(groupQueries(port.sent)).toEqual([]);
    expect(membership).toHaveLength(1);
  });

  it('on an IGMPv2 router, reads v3 reports by IGMPv2 rules and queries in IGMPv2', () => {
    const { clock, port, membership, router } = setup(2);
    router.receive(v3('CHANGE_TO_EXCLUDE_MODE', [S1]), H1);
    expect(groupOf(router)).toMatchObject({ compatibilityMode: 2, filterMode: 'EXCLUDE', sources: [] });
    router.receive(v3('CHANGE_TO_INCLUDE_MODE'), H1);
    clock.advance(400);
    expect(port.sent.filter((s) => s.message.type === 'query').map((s) => s.message)).toEqual([
      { type: 'query', version: 2, group: G, maxRespTimeMs: 200 },
      { type: 'query', version: 2, group: G, maxRespTimeMs: 200 },
    ]);
    expect(membership.at(-1)).toMatchObject({ at: 20_400, hasMembers: false });
  });

  it('on an IGMPv2 router, lets source records run out, having no source-specific queries', () => {
    const { clock, port, membership, router } = setup(2);
    router.receive(v3('ALLOW_NEW_SOURCES', [S1]), H1);
    router.receive(v3('BLOCK_OLD_SOURCES', [S1]), H1);
    router.receive(v3('CHANGE_TO_INCLUDE_MODE'), H1);
    expect(groupQueries(port.sent)).toEqual([]);
    clock.advance(fast.groupMembershipInterval);
    expect(membership.map((m) => [m.at, m.hasMembers])).toEqual([
      [20_000, true],
      [31_000, false],
    ]);
  });
});

describe('onMembership', () => {
  it('fires exactly when a group gains or loses members', () => {
    const { clock, membership, router } = setup();
    router.receive(v2Report(), H1);
    router.receive(v2Report(), H2);
    router.receive(v3('ALLOW_NEW_SOURCES', [S1], '239.2.2.2'), H1);
    router.receive(v3('ALLOW_NEW_SOURCES', [S2], '239.2.2.2'), H1);
    router.receive(v3('BLOCK_OLD_SOURCES', [S1], '239.2.2.2'), H1);
    router.receive(v3('BLOCK_OLD_SOURCES', [S1], '239.3.3.3'), H1);
    clock.advance(1_000);
    router.receive(v3('CHANGE_TO_INCLUDE_MODE', [S1]), H1);
    router.receive(v3('CHANGE_TO_INCLUDE_MODE', [], '239.2.2.2'), H1);
    clock.advance(1_000);
    router.receive(v2Report('239.2.2.2'), H1);
    expect(membership.map((m) => [m.at, m.group, m.hasMembers])).toEqual([
      [20_000, G, true],
      [20_000, '239.2.2.2', true],
      [21_400, '239.2.2.2', false],
      [22_000, '239.2.2.2', true],
    ]);
    // G switched to INCLUDE {S1} without losing members.
    expect(groupOf(router)).toMatchObject({ filterMode: 'INCLUDE', sources: [{ address: S1 }] });
  });
});

describe('snapshot', () => {
  it('is a JSON view of the querier and of every group', () => {
    const { clock, router } = setup();
    router.receive(v3('MODE_IS_EXCLUDE', [S1], '239.9.9.9'), H1);
    router.receive(v3('MODE_IS_INCLUDE', [S2, S1]), H2);
    clock.advance(1_000);
    const snapshot = router.snapshot();
    expect(snapshot).toEqual({
      address: '10.0.0.1',
      version: 3,
      querier: true,
      querierAddress: '10.0.0.1',
      groups: [
        {
          group: G,
          filterMode: 'INCLUDE',
          sources: [
            { address: S1, expiresInMs: 10_000 },
            { address: S2, expiresInMs: 10_000 },
          ],
          expiresInMs: 10_000,
          compatibilityMode: 3,
          lastReporter: H2,
        },
        {
          group: '239.9.9.9',
          filterMode: 'EXCLUDE',
          sources: [{ address: S1, expiresInMs: 0 }],
          expiresInMs: 10_000,
          compatibilityMode: 3,
          lastReporter: H1,
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('shows the other querier and when it is presumed gone', () => {
    const { clock, router } = setup(3, '10.0.0.2');
    router.receive(v3Query({}), '10.0.0.1');
    clock.advance(500);
    expect(router.snapshot()).toMatchObject({
      querier: false,
      querierAddress: '10.0.0.1',
      otherQuerierExpiresInMs: 10_000,
    });
  });
});

describe('start and stop', () => {
  it('cancels every timer on stop, reports the groups gone, and ignores what it hears until started again', () => {
    const { clock, membership, router } = setup();
    router.receive(v2Report(), H1);
    router.receive(v3('BLOCK_OLD_SOURCES', [S1]), H1);
    router.receive(v3('ALLOW_NEW_SOURCES', [S1], '239.2.2.2'), H1);
    router.receive(v3('BLOCK_OLD_SOURCES', [S1], '239.2.2.2'), H1);
    router.stop();
    expect(clock.scheduled).toBe(0);
    expect(membership.filter((m) => !m.hasMembers).map((m) => m.group)).toEqual([G, '239.2.2.2']);
    router.receive(v2Report(), H1);
    expect(router.snapshot()).toMatchObject({ querier: false, querierAddress: null, groups: [] });
    router.start();
    router.receive(v2Report(), H1);
    expect(router.snapshot()).toMatchObject({ querier: true, groups: [{ group: G }] });
  });
});

describe('inputs that make no sense', () => {
  it('keeps no state for link-local, non-multicast or malformed groups, nor for odd sources', () => {
    const { router } = setup();
    for (const group of ['224.0.0.1', '224.0.0.251', '0.0.0.0', '240.0.0.1', '10.0.0.1', '239.1.1.01', 'x']) {
      router.receive(v2Report(group), H1);
      router.receive(v3('MODE_IS_EXCLUDE', [], group), H1);
    }
    expect(router.snapshot().groups).toEqual([]);
    router.receive(
      v3('ALLOW_NEW_SOURCES', ['0.0.0.0', '239.0.0.1', '255.255.255.255', '192.0.2.01', S1, S1]),
      H1,
    );
    expect(groupOf(router)?.sources.map((s) => s.address)).toEqual([S1]);
  });

  it('takes reports from 0.0.0.0 (RFC 3376 §4.2.13) but not from odd senders or itself', () => {
    const { router } = setup();
    router.receive(v2Report('239.0.0.1'), '224.0.0.1');
    router.receive(v2Report('239.0.0.2'), '10.0.0.1');
    router.receive(v2Report('239.0.0.3'), 'nobody');
    router.receive(v2Report(), '0.0.0.0');
    expect(router.snapshot().groups.map((g) => [g.group, g.lastReporter])).toEqual([[G, '0.0.0.0']]);
  });

  it('lets no query from 0.0.0.0 or a non-unicast address silence it', () => {
    const { router } = setup(3, '10.0.0.2');
    router.receive(v3Query({}), '0.0.0.0');
    router.receive(v3Query({}), '224.0.0.1');
    expect(router.snapshot().querier).toBe(true);
  });

  it(`keeps at most ${MAX_GROUPS_PER_INTERFACE} groups, taking new ones once others expire`, () => {
    const { clock, membership, router } = setup();
    for (let i = 0; i < MAX_GROUPS_PER_INTERFACE + 100; i++) {
      router.receive(v2Report(`239.100.${i >> 8}.${i & 255}`), H1);
    }
    expect(router.snapshot().groups).toHaveLength(MAX_GROUPS_PER_INTERFACE);
    expect(membership).toHaveLength(MAX_GROUPS_PER_INTERFACE);
    clock.advance(fast.groupMembershipInterval);
    router.receive(v2Report('239.200.0.1'), H1);
    expect(router.snapshot().groups.map((g) => g.group)).toEqual(['239.200.0.1']);
  });
});
