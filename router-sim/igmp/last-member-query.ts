import { type GroupState, lowerGroupTimer } from './group-state.js';
import type { GroupQuery } from './queries.js';
import type { IgmpTimers } from './timers.js';

/**
 * The querier's check for remaining members of one group (RFC 3376 §6.6.3; RFC 2236 §3 for the
 * group-specific case): Last Member Query Count queries for the group and for each queried source,
 * sent in rounds Last Member Query Interval apart. A new "Send Q" merges into rounds under way.
 */
export class LastMemberQueries {
  private groupQueriesLeft = 0;
  private readonly sourceQueriesLeft = new Map<string, number>();
  /** When the next round is due; undefined when nothing is left to send. */
  nextRoundAt: number | undefined;

  /** §6.6.3.1 "Send Q(G)": the Group Timer lowered to Last Member Query Time. */
  queryGroup(state: GroupState, now: number, timers: IgmpTimers): void {
    lowerGroupTimer(state, now + timers.lastMemberQueryTime);
    this.groupQueriesLeft = timers.lastMemberQueryCount;
  }

  /** §6.6.3.2 "Send Q(G,X)": the sources of X whose timers exceed LMQT are lowered to it and queried. */
  querySources(state: GroupState, sources: readonly string[], now: number, timers: IgmpTimers): void {
    const lastMemberQueryTime = now + timers.lastMemberQueryTime;
    for (const source of sources) {
      if ((state.sourceTimers.get(source) ?? 0) <= lastMemberQueryTime) continue;
      state.sourceTimers.set(source, lastMemberQueryTime);
      this.sourceQueriesLeft.set(source, timers.lastMemberQueryCount);
    }
  }

  /**
   * The queries of one round. Q(G) carries the S flag once the Group Timer is above LMQT again (a
   * member answered); Q(G,S) goes out as two messages, S set for the sources whose timers are above
   * LMQT and S clear for the others (§6.6.3.2), each only when it has sources. Sending a query with S
   * clear would lower timers to LMQT (§6.6.1); they are there already.
   */
  takeRound(state: GroupState, now: number, timers: IgmpTimers): GroupQuery[] {
    const lastMemberQueryTime = now + timers.lastMemberQueryTime;
    const round: GroupQuery[] = [];
    if (this.groupQueriesLeft > 0) {
      this.groupQueriesLeft--;
      round.push({ sources: [], suppress: state.groupTimer > lastMemberQueryTime });
    }
    const above: string[] = [];
    const atMost: string[] = [];
    for (const [source, left] of this.sourceQueriesLeft) {
      const timer = state.sourceTimers.get(source);
      if (timer !== undefined) (timer > lastMemberQueryTime ? above : atMost).push(source);
      if (timer === undefined || left <= 1) this.sourceQueriesLeft.delete(source);
      else this.sourceQueriesLeft.set(source, left - 1);
    }
    if (above.length > 0) round.push({ sources: above, suppress: true });
    if (atMost.length > 0) round.push({ sources: atMost, suppress: false });
    const more = this.groupQueriesLeft > 0 || this.sourceQueriesLeft.size > 0;
    this.nextRoundAt = more ? now + timers.lastMemberQueryInterval : undefined;
    return round;
  }

  /** Nothing more to send: this router is no longer the querier. */
  cancel(): void {
    this.groupQueriesLeft = 0;
    this.sourceQueriesLeft.clear();
    this.nextRoundAt = undefined;
  }
}
