import type { Clock, Timer } from '../../common/clock.js';
import type { GroupRecord, MembershipQuery, V1Report, V2Leave, V2Report } from '../wire/igmp/message.js';
import { ipv4Value, isGroupAddress, isUnicastAddress } from './address.js';
import {
  asGroupRecord,
  type CompatibilityMode,
  groupCompatibilityMode,
  type HostMessageKind,
  type OlderHostPresentTimers,
  olderHostReportHeard,
} from './compatibility.js';
import {
  applyRecord,
  expire,
  type FilterMode,
  type GroupState,
  isEmpty,
  lowerGroupTimer,
  lowerSourceTimers,
  newGroupState,
  nextDeadline,
  type QueryAction,
} from './group-state.js';
import { LastMemberQueries } from './last-member-query.js';
import { MAX_GROUPS_PER_INTERFACE } from './limits.js';
import { groupQuery, type RouterVersion } from './queries.js';
import type { IgmpTimers } from './timers.js';

export interface GroupSnapshot {
  group: string;
  filterMode: FilterMode;
  /** In EXCLUDE mode a source at 0 is in the exclude list. */
  sources: { address: string; expiresInMs: number }[];
  /** EXCLUDE mode: the Group Timer; INCLUDE mode: until the last source record runs out. */
  expiresInMs: number;
  compatibilityMode: CompatibilityMode;
  lastReporter: string;
}

export interface GroupTableOptions {
  clock: Clock;
  version: RouterVersion;
  /** The timers in force, which change with the querier's values. */
  timers(): IgmpTimers;
  isQuerier(): boolean;
  sendQuery(query: MembershipQuery, destination: string): void;
  /** Called when a group gains or loses its record: a record exists exactly while it has members. */
  onMembership(group: string, hasMembers: boolean): void;
}

interface Entry {
  readonly group: string;
  readonly state: GroupState;
  readonly olderHosts: OlderHostPresentTimers;
  readonly lastMemberQueries: LastMemberQueries;
  lastReporter: string;
  /** The one clock timer of the entry, set for the earliest deadline among its timers and rounds. */
  wake: { at: number; timer: Timer } | undefined;
}

// RFC 2236 §2.2: Max Resp Time is at most 255 tenths of a second.
const MAX_V2_RESPONSE_MS = 25_500;

/** The group records of one interface, each driven by its timers and the reports heard. */
export class GroupTable {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: GroupTableOptions) {}

  olderHostMessage(message: V1Report | V2Report | V2Leave, reporter: string): void {
    this.hostMessage(message.group, message.type, [], reporter);
  }

  groupRecord(record: GroupRecord, reporter: string): void {
    this.hostMessage(record.group, record.type, record.sources, reporter);
  }

  /**
   * A group-specific query from another router lowers the group's timers (RFC 3376 §6.6.1; for
   * IGMPv1/v2 queries, or on an IGMPv2 router, RFC 2236 §3: to Last Member Query Count × its Max Resp
   * Time). General queries and queries with the S flag set change nothing.
   */
  queryHeard(query: MembershipQuery): void {
    const entry = this.entries.get(query.group);
    if (!entry) return;
    const now = this.options.clock.now();
    const timers = this.options.timers();
    expire(entry.state, now);
    if (this.options.version === 2 || query.version < 3) {
      const maxResp = Math.min(Math.max(query.maxRespTimeMs, 0), MAX_V2_RESPONSE_MS);
      lowerGroupTimer(entry.state, now + timers.lastMemberQueryCount * maxResp);
    } else if (!query.sFlag) {
      const deadline = now + timers.lastMemberQueryTime;
      const sources = query.sources ?? [];
      if (sources.length === 0) lowerGroupTimer(entry.state, deadline);
      else lowerSourceTimers(entry.state, sources, deadline);
    }
    this.settle(entry, now);
  }

  /** Forgets every group (the interface stops), reporting the ones that had members. */
  clear(): void {
    for (const entry of this.entries.values()) {
      entry.wake?.timer.cancel();
      this.options.onMembership(entry.group, false);
    }
    this.entries.clear();
  }

  snapshot(now: number): GroupSnapshot[] {
    return byAddress(this.entries.values(), (entry) => entry.group).map(
      ({ group, state, olderHosts, lastReporter }) => {
        const sources = byAddress(state.sourceTimers, ([address]) => address).map(([address, timer]) => ({
          address,
          expiresInMs: Math.max(0, timer - now),
        }));
        const lastTimer =
          state.filterMode === 'EXCLUDE' ? state.groupTimer : Math.max(0, ...state.sourceTimers.values());
        return {
          group,
          filterMode: state.filterMode,
          sources,
          expiresInMs: Math.max(0, lastTimer - now),
          compatibilityMode: groupCompatibilityMode(olderHosts, now, this.options.version),
          lastReporter,
        };
      },
    );
  }

  private hostMessage(
    group: string,
    kind: HostMessageKind,
    sources: readonly string[],
    reporter: string,
  ): void {
    if (!isGroupAddress(group)) return;
    let entry = this.entries.get(group);
    if (!entry) {
      if (this.entries.size >= MAX_GROUPS_PER_INTERFACE) return;
      entry = {
        group,
        state: newGroupState(),
        olderHosts: { v1HostPresent: 0, v2HostPresent: 0 },
        lastMemberQueries: new LastMemberQueries(),
        lastReporter: reporter,
        wake: undefined,
      };
    }
    const now = this.options.clock.now();
    const timers = this.options.timers();
    expire(entry.state, now);
    if (kind === 'v1-report' || kind === 'v2-report') {
      olderHostReportHeard(entry.olderHosts, kind, now + timers.olderHostPresentInterval);
    }
    const mode = groupCompatibilityMode(entry.olderHosts, now, this.options.version);
    const record = asGroupRecord(kind, sources.filter(isUnicastAddress), mode);
    if (record) {
      const { groupMembershipInterval } = timers;
      const actions = applyRecord(entry.state, record.type, record.sources, { now, groupMembershipInterval });
      this.query(entry, actions, now, timers);
    }
    if (kind !== 'v2-leave') entry.lastReporter = reporter;
    this.settle(entry, now);
  }

  /**
   * The table's "Send Q" actions. Only the querier takes them; other routers ignore leaving members
   * (RFC 2236 §3) and lower their timers when they hear the querier's queries. An IGMPv2 router has
   * no source lists in its queries, so its source records simply run out.
   */
  private query(entry: Entry, actions: QueryAction[], now: number, timers: IgmpTimers): void {
    if (actions.length === 0 || !this.options.isQuerier()) return;
    for (const action of actions) {
      if (action.query === 'Q(G)') entry.lastMemberQueries.queryGroup(entry.state, now, timers);
      else if (this.options.version === 3) {
        entry.lastMemberQueries.querySources(entry.state, action.sources, now, timers);
      }
    }
    this.sendRound(entry, now, timers);
  }

  private sendRound(entry: Entry, now: number, timers: IgmpTimers): void {
    if (!this.options.isQuerier()) {
      entry.lastMemberQueries.cancel();
      return;
    }
    const { version } = this.options;
    for (const query of entry.lastMemberQueries.takeRound(entry.state, now, timers)) {
      // An IGMPv2 query cannot say "suppress router-side processing": once a member has answered,
      // the retransmissions stop (RFC 2236 §7, Checking Membership → Members Present).
      if (version === 2 && query.suppress) continue;
      this.options.sendQuery(groupQuery(version, entry.group, timers, query), entry.group);
    }
  }

  private wake(entry: Entry): void {
    entry.wake = undefined;
    const now = this.options.clock.now();
    expire(entry.state, now);
    const { nextRoundAt } = entry.lastMemberQueries;
    const due = nextRoundAt !== undefined && nextRoundAt <= now;
    if (due && !isEmpty(entry.state)) this.sendRound(entry, now, this.options.timers());
    this.settle(entry, now);
  }

  /** Keeps, adds or deletes the entry after a change, reports membership changes, and sets its wake-up. */
  private settle(entry: Entry, now: number): void {
    const known = this.entries.get(entry.group) === entry;
    if (isEmpty(entry.state)) {
      if (!known) return;
      entry.wake?.timer.cancel();
      this.entries.delete(entry.group);
      this.options.onMembership(entry.group, false);
      return;
    }
    if (!known) {
      this.entries.set(entry.group, entry);
      this.options.onMembership(entry.group, true);
    }
    const at = Math.min(
      nextDeadline(entry.state),
      entry.lastMemberQueries.nextRoundAt ?? Number.POSITIVE_INFINITY,
    );
    if (entry.wake?.at === at) return;
    entry.wake?.timer.cancel();
    entry.wake = { at, timer: this.options.clock.setTimer(at - now, () => this.wake(entry)) };
  }
}

/** The items in numeric order of their addresses. */
function byAddress<T>(items: Iterable<T>, address: (item: T) => string): T[] {
  return [...items]
    .map((item) => ({ item, value: ipv4Value(address(item)) ?? 0 }))
    .sort((a, b) => a.value - b.value)
    .map(({ item }) => item);
}
