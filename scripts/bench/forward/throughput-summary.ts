import { type Configuration, HAND_WRITTEN, SAME_LAN } from './configurations.js';
import { median } from './stats.js';
import { PAYLOADS, type Run } from './throughput.js';

/** Each configuration's medians per payload, with ratios against the hand-written rules and the same LAN. */

export interface ThroughputResult {
  configuration: string;
  skipped?: string;
  lab?: string;
  payloads?: {
    size: number;
    count: number;
    median: {
      datagramsPerSecond: number;
      mbitPerSecond: number;
      deliveredFraction: number;
      sentPerSecond: number;
    };
    ratioToHandWritten: number | null;
    ratioToSameLan: number | null;
    /** The sender's rate against its rate with the hand-written rules: the path's cost, whatever the receiver drops. */
    sentRatioToHandWritten: number | null;
    runs: Run[];
  }[];
}

export function summarizeThroughput(configs: Configuration[], runs: Map<string, Run[]>): ThroughputResult[] {
  const medianOf = (name: string, size: number) => {
    const these = (runs.get(name) ?? []).filter((r) => r.size === size);
    return {
      datagramsPerSecond: median(these.map((r) => r.datagramsPerSecond)),
      mbitPerSecond: median(these.map((r) => r.mbitPerSecond)),
      deliveredFraction: median(these.map((r) => r.delivered / r.sent)),
      sentPerSecond: median(these.map((r) => r.sentPerSecond)),
    };
  };
  return configs.map((c) => ({
    configuration: c.name,
    ...(c.skipped
      ? { skipped: c.skipped }
      : {
          lab: c.lab?.client.name,
          payloads: PAYLOADS.map(({ size, count }) => {
            const m = medianOf(c.name, size);
            const hand = medianOf(HAND_WRITTEN, size).datagramsPerSecond;
            const lan = medianOf(SAME_LAN, size).datagramsPerSecond;
            const handSent = medianOf(HAND_WRITTEN, size).sentPerSecond;
            return {
              size,
              count,
              median: m,
              ratioToHandWritten: hand ? m.datagramsPerSecond / hand : null,
              ratioToSameLan: lan ? m.datagramsPerSecond / lan : null,
              sentRatioToHandWritten: handSent ? m.sentPerSecond / handSent : null,
              runs: (runs.get(c.name) ?? []).filter((r) => r.size === size),
            };
          }),
        }),
  }));
}
