import { describe, expect, it } from 'vitest';
import { pimTimers } from '../common/timers.js';
import { joinSuppressionTime, registerStopTime, sparseTimers } from './timers.js';

describe('sparse mode timer profiles', () => {
  it('rfc has the RFC 7761 §4.11 defaults', () => {
    expect(sparseTimers('rfc')).toEqual({
      joinPrunePeriod: 60_000,
      joinPruneHoldtimeSeconds: 210,
      keepalivePeriod: 210_000,
      registerSuppressionTime: 60_000,
      registerProbeTime: 5_000,
      rpKeepalivePeriod: 185_000,
    });
  });

  it.each(['rfc', 'fast'] as const)('%s keeps the relations the protocol relies on', (profile) => {
    const t = sparseTimers(profile);
    const common = pimTimers(profile);
    // Upstream state outlives three lost periodic Joins.
    expect(t.joinPruneHoldtimeSeconds * 1000).toBeGreaterThanOrEqual(3.5 * t.joinPrunePeriod);
    // Data poll and Override Interval are quick against a period; the Keepalive Timer outlives polls.
    expect(common.overrideInterval + common.propagationDelay).toBeLessThan(t.joinPrunePeriod);
    expect(t.keepalivePeriod).toBeGreaterThan(3 * t.joinPrunePeriod + common.dataPollInterval);
    // The shortest Register-Stop Timer still leaves time before the probe.
    expect(0.5 * t.registerSuppressionTime - t.registerProbeTime).toBeGreaterThan(0);
    expect(t.rpKeepalivePeriod).toBe(3 * t.registerSuppressionTime + t.registerProbeTime);
  });

  it('draws t_suppressed and the Register-Stop Timer from their ranges', () => {
    const t = sparseTimers('fast');
    expect(joinSuppressionTime(t, () => 0)).toBeCloseTo(1.1 * t.joinPrunePeriod);
    expect(joinSuppressionTime(t, () => 0.999)).toBeLessThan(1.4 * t.joinPrunePeriod);
    expect(registerStopTime(t, () => 0)).toBe(0.5 * t.registerSuppressionTime - t.registerProbeTime);
    expect(registerStopTime(t, () => 1)).toBe(1.5 * t.registerSuppressionTime - t.registerProbeTime);
  });
});
