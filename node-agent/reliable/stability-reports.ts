import type { MemberId } from '../wire/messages.js';

/**
 * NACK mode, receiver side: a fast sender learns what is stable from every member's digest, which
 * heartbeats carry only every `heartbeatMs`; with a bounded send buffer that would cap its rate at
 * `maxBuffered` messages per heartbeat. So a receiver also reports to a sender, unicast, each time it has
 * taken `every` more of its messages in order (JGroups' STABLE does the same by bytes received).
 */
export class StabilityReports {
  private readonly sinceReport = new Map<MemberId, number>();

  constructor(
    private readonly every: number,
    private readonly report: (to: MemberId) => void,
  ) {}

  /** `count` more messages of `origin` were taken in order. */
  took(origin: MemberId, count: number): void {
    const since = (this.sinceReport.get(origin) ?? 0) + count;
    if (since < this.every) {
      this.sinceReport.set(origin, since);
      return;
    }
    this.sinceReport.set(origin, 0);
    this.report(origin);
  }

  /** A digest went to everyone: every sender has this member's positions. */
  reported(): void {
    this.sinceReport.clear();
  }
}
