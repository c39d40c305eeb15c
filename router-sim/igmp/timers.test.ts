import { describe, expect, it } from 'vitest';
import { igmpTimers, withQuerierValues } from './timers.js';

describe('igmpTimers', () => {
  it('gives the RFC 3376 §8 defaults for the rfc profile', () => {
    expect(igmpTimers('rfc')).toEqual({
      robustnessVariable: 2,
      queryInterval: 125_000,
      queryResponseInterval: 10_000,
      groupMembershipInterval: 260_000,
      otherQuerierPresentInterval: 255_000,
      startupQueryInterval: 31_250,
      startupQueryCount: 2,
      lastMemberQueryInterval: 1_000,
      lastMemberQueryCount: 2,
      lastMemberQueryTime: 2_000,
      olderHostPresentInterval: 260_000,
    });
  });

  it('scales the fast profile down for tests', () => {
    expect(igmpTimers('fast')).toEqual({
      robustnessVariable: 2,
      queryInterval: 5_000,
      queryResponseInterval: 1_000,
      groupMembershipInterval: 11_000,
      otherQuerierPresentInterval: 10_500,
      startupQueryInterval: 1_250,
      startupQueryCount: 2,
      lastMemberQueryInterval: 200,
      lastMemberQueryCount: 2,
      lastMemberQueryTime: 400,
      olderHostPresentInterval: 11_000,
    });
  });

  it('derives the counts and intervals from the Robustness Variable', () => {
    expect(igmpTimers('fast', 3)).toMatchObject({
      robustnessVariable: 3,
      groupMembershipInterval: 16_000,
      otherQuerierPresentInterval: 15_500,
      startupQueryCount: 3,
      lastMemberQueryCount: 3,
      lastMemberQueryTime: 600,
      olderHostPresentInterval: 16_000,
    });
  });

  it('refuses a Robustness Variable that is not a positive integer', () => {
    for (const robustness of [0, -1, 1.5, Number.NaN]) {
      expect(() => igmpTimers('rfc', robustness)).toThrow(RangeError);
    }
  });
});

describe('withQuerierValues', () => {
  const own = igmpTimers('fast');

  it("takes the querier's QRV and QQI", () => {
    expect(withQuerierValues(own, 3, 10)).toEqual({
      ...igmpTimers('fast', 3),
      queryInterval: 10_000,
      groupMembershipInterval: 31_000,
      otherQuerierPresentInterval: 30_500,
      startupQueryInterval: 2_500,
      olderHostPresentInterval: 31_000,
    });
  });

  it('keeps its own values for zero, absent or impossible ones', () => {
    for (const [qrv, qqi] of [
      [0, 0],
      [undefined, undefined],
      [8, 40_000],
      [2.5, -1],
    ] as const) {
      expect(withQuerierValues(own, qrv, qqi)).toEqual(own);
    }
  });
});
