import { describe, expect, it } from 'vitest';
import { INFINITE_ASSERT_METRIC, isPreferred } from './assert-metric.js';
import { electDr } from './dr.js';

describe('DR election (RFC 7761 §4.3.2)', () => {
  it('takes the highest DR Priority when everyone advertises one, the higher address between equals', () => {
    const self = { address: '10.0.0.5', drPriority: 1 };
    expect(
      electDr(self, [
        { address: '10.0.0.9', drPriority: 1 },
        { address: '10.0.0.2', drPriority: 3 },
      ]),
    ).toBe('10.0.0.2');
    expect(electDr(self, [{ address: '10.0.0.9', drPriority: 1 }])).toBe('10.0.0.9');
    expect(electDr({ address: '10.0.0.5', drPriority: 9 }, [{ address: '10.0.0.9', drPriority: 1 }])).toBe(
      '10.0.0.5',
    );
  });

  it('falls back to the highest address when anyone leaves the priority out', () => {
    expect(electDr({ address: '10.0.0.5', drPriority: 9 }, [{ address: '10.0.0.9' }])).toBe('10.0.0.9');
    expect(electDr({ address: '10.0.0.5' }, [{ address: '10.0.0.10', drPriority: 9 }])).toBe('10.0.0.10');
    // Numerically, not as text.
    expect(electDr({ address: '10.0.0.9' }, [{ address: '10.0.0.10' }])).toBe('10.0.0.10');
  });

  it('is the router itself when alone', () => {
    expect(electDr({ address: '10.0.0.5' }, [])).toBe('10.0.0.5');
  });
});

describe('Assert metrics (RFC 7761 §4.6.3, RFC 3973 §4.6.3)', () => {
  const m = (metricPreference: number, metric: number, address: string, rptBit = false) => ({
    rptBit,
    metricPreference,
    metric,
    address,
  });

  it('prefers SPT over RPT, then the lower preference, the lower metric, the higher address', () => {
    expect(isPreferred(m(9, 9, '10.0.0.1'), m(0, 0, '10.0.0.2', true))).toBe(true);
    expect(isPreferred(m(1, 9, '10.0.0.1'), m(2, 0, '10.0.0.2'))).toBe(true);
    expect(isPreferred(m(1, 1, '10.0.0.1'), m(1, 2, '10.0.0.2'))).toBe(true);
    expect(isPreferred(m(1, 1, '10.0.0.10'), m(1, 1, '10.0.0.9'))).toBe(true);
    expect(isPreferred(m(1, 1, '10.0.0.9'), m(1, 1, '10.0.0.10'))).toBe(false);
    expect(isPreferred(m(1, 1, '10.0.0.9'), m(1, 1, '10.0.0.9'))).toBe(false);
  });

  it('lets every real metric beat the infinite one', () => {
    expect(isPreferred(m(0x7ffffffe, 0xfffffffe, '0.0.0.1'), INFINITE_ASSERT_METRIC)).toBe(true);
    expect(isPreferred(INFINITE_ASSERT_METRIC, m(0x7ffffffe, 0xfffffffe, '0.0.0.1'))).toBe(false);
  });
});
