import type { Assert, StateRefresh } from '../pim/message.js';

/** PIM messages with hand-checked encodings, shared by the known-answer and tcpdump tests. */
export const SAMPLE_ASSERT: Assert = {
  type: 'assert',
  group: '239.1.1.1',
  source: '10.0.0.9',
  rptBit: true,
  metricPreference: 110,
  metric: 20,
};

export const SAMPLE_STATE_REFRESH: StateRefresh = {
  type: 'state-refresh',
  group: '239.1.1.1',
  source: '10.0.0.9',
  originator: '10.0.0.1',
  rptBit: false,
  metricPreference: 110,
  metric: 20,
  maskLength: 24,
  ttl: 16,
  pruneIndicator: true,
  pruneNow: false,
  assertOverride: true,
  intervalSeconds: 60,
};
