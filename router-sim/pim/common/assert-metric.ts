import { compareAddresses } from './address.js';

/** What an Assert compares (RFC 7761 §4.6.3; RFC 3973 §4.6.3 without the RPT bit, always 0 there). */
export interface AssertMetric {
  rptBit: boolean;
  metricPreference: number;
  metric: number;
  address: string;
}

/** The metric of a router that may not assert, and of an AssertCancel: every real metric beats it. */
export const INFINITE_ASSERT_METRIC: AssertMetric = {
  rptBit: true,
  metricPreference: 0x7fffffff,
  metric: 0xffffffff,
  address: '0.0.0.0',
};

/**
 * Whether `a` wins over `b`: an SPT Assert beats an RPT one, then the lower metric preference, then
 * the lower metric, then the higher address.
 */
export function isPreferred(a: AssertMetric, b: AssertMetric): boolean {
  if (a.rptBit !== b.rptBit) return !a.rptBit;
  if (a.metricPreference !== b.metricPreference) return a.metricPreference < b.metricPreference;
  if (a.metric !== b.metric) return a.metric < b.metric;
  return compareAddresses(a.address, b.address) > 0;
}
