import { describe, expect, it } from 'vitest';
import { joinPruneOverrideInterval } from './neighbors.js';
import { pimTimers } from './timers.js';

describe('PIM timer profiles', () => {
  it('rfc has the RFC 3973 §4.8 defaults', () => {
    const rfc = pimTimers('rfc');
    expect(rfc).toEqual({
      helloPeriod: 30_000,
      triggeredHelloDelay: 5_000,
      helloHoldtimeSeconds: 105,
      propagationDelay: 500,
      overrideInterval: 2_500,
      pruneHoldtimeSeconds: 210,
      pruneLimit: 210_000,
      graftRetryPeriod: 3_000,
      assertTime: 180_000,
      sourceLifetime: 210_000,
      stateRefreshIntervalSeconds: 60,
      dataPollInterval: 1_000,
    });
    expect(joinPruneOverrideInterval(rfc)).toBe(3_000);
  });

  it.each(['rfc', 'fast'] as const)('%s keeps the relations the protocol relies on', (profile) => {
    const t = pimTimers(profile);
    // A neighbor survives two lost Hellos (Default_Hello_Holdtime is 3.5 × Hello_Period, rounded up).
    expect(t.helloHoldtimeSeconds * 1000).toBeGreaterThanOrEqual(3.5 * t.helloPeriod);
    expect(t.triggeredHelloDelay).toBeLessThan(t.helloPeriod);
    // An override gets in before the prune takes effect; retries and polls are quick against holdtimes.
    expect(joinPruneOverrideInterval(t)).toBeLessThan(t.pruneHoldtimeSeconds * 1000);
    expect(t.graftRetryPeriod).toBeLessThan(t.pruneLimit);
    expect(t.pruneLimit).toBeLessThanOrEqual(t.pruneHoldtimeSeconds * 1000);
    expect(t.sourceLifetime).toBeGreaterThanOrEqual(t.pruneHoldtimeSeconds * 1000);
    expect(t.dataPollInterval).toBeLessThan(t.pruneLimit / 4);
  });

  it('fast shows a prune holdtime expiry and reflood within 10–15 s, without State Refresh', () => {
    const fast = pimTimers('fast');
    expect(fast.pruneHoldtimeSeconds).toBe(10);
    expect(fast.helloPeriod).toBe(1_000);
    expect(fast.graftRetryPeriod).toBe(1_000);
    expect(fast.overrideInterval).toBe(500);
    expect(fast.stateRefreshIntervalSeconds).toBeNull();
  });

  it('hands out copies', () => {
    const a = pimTimers('fast');
    a.helloPeriod = 1;
    expect(pimTimers('fast').helloPeriod).toBe(1_000);
  });
});
