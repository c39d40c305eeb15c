import { table } from '../../../lab/report/table.js';

export interface Row {
  scenario: string;
  senders: number;
  size: number;
  lossPercent: number;
  /** `bare dgram`, `agent send`, or `reliability/ordering`. */
  what: string;
  messagesPerSecond: number;
  ratioToBare: number;
  /** The same configuration's rate under this loss against its rate without loss. */
  ratioToLossless?: number;
  meanMessagesPerSecond?: number;
  deliveredShare?: number;
  latencyMs?: { p50: number; p99: number; p999: number } | undefined;
  wireBytesPerDelivered?: number;
  cpuPer1000: number;
  retransmissions?: number;
  violations?: string[];
}

const f = (x: number | undefined, digits = 0) => (x === undefined ? '' : x.toFixed(digits));

/** The bench's rows as one table. */
export function report(rows: readonly Row[]): string {
  return table([
    [
      'SCENARIO',
      'LOSS',
      'WHAT',
      'MSG/S',
      '× BARE',
      '× 0 %',
      'P50/P99/P999 MS',
      'WIRE B',
      'CPU S/1000',
      'CHECK',
    ],
    ...rows.map((r) => [
      r.scenario,
      `${r.lossPercent}%`,
      r.what,
      f(r.messagesPerSecond),
      f(r.ratioToBare, 2),
      f(r.ratioToLossless, 2),
      r.latencyMs ? `${r.latencyMs.p50}/${r.latencyMs.p99}/${r.latencyMs.p999}` : '',
      f(r.wireBytesPerDelivered),
      f(r.cpuPer1000, 3),
      r.violations === undefined
        ? ''
        : r.violations.length === 0
          ? 'ok'
          : `${r.violations.length} violations`,
    ]),
  ]);
}
