import type { Clock, Timer } from '../../common/clock.js';
import type { Random } from '../../common/sim/random.js';
import type { GroupRecordType, IgmpMessage, MembershipQuery } from '../../router-sim/wire/igmp/message.js';
import type { Frame } from './twin-network.js';

/** IGMPv3 reports go to 224.0.0.22 (RFC 3376 §4.2.14), IGMPv2 Leaves to all routers (RFC 2236 §3). */
const ALL_IGMPV3_ROUTERS = '224.0.0.22';
const ALL_ROUTERS = '224.0.0.2';
/** Unsolicited Report Interval: RFC 3376 §8.11 (1 s), RFC 2236 §8.10 (10 s), as Linux uses them. */
const UNSOLICITED_MS = { 2: 10_000, 3: 1_000 } as const;
/** State-change reports are sent Robustness Variable times (RFC 3376 §5.1), 2 by default. */
const ROBUSTNESS = 2;

export interface Reception {
  received: number;
  duplicates: number;
  /** Virtual time of the first datagram since the last join. */
  firstAt?: number;
}

/**
 * A host of the simulated twin: what its kernel does for the sockets that join groups — the host
 * side of IGMPv3 (RFC 3376 §5) or IGMPv2 (RFC 2236 §3), answering queries after a random delay —
 * and what the member's agent counts: datagrams received per group, and duplicates.
 */
export class TwinHost {
  private readonly joined = new Map<string, number>();
  private readonly receptions = new Map<string, Reception & { seen: Set<number> }>();
  private readonly pending = new Map<string, Timer>();
  /** RFC 3376 §7.2.1: a host that hears an IGMPv2 query answers in IGMPv2 until it times out. */
  private olderQuerierUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly name: string,
    readonly address: string,
    private readonly version: 2 | 3,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly send: (message: IgmpMessage, destination: string) => void,
  ) {}

  join(group: string): void {
    if (this.joined.has(group)) return;
    this.joined.set(group, this.clock.now());
    const reception = this.receptions.get(group);
    if (reception) reception.firstAt = undefined;
    this.stateChange(group, 'CHANGE_TO_EXCLUDE_MODE');
  }

  leave(group: string): void {
    if (!this.joined.delete(group)) return;
    this.pending.get(group)?.cancel();
    this.pending.delete(group);
    if (this.speaksV2()) this.send({ type: 'v2-leave', group }, ALL_ROUTERS);
    else this.stateChange(group, 'CHANGE_TO_INCLUDE_MODE');
  }

  reception(group: string): Reception | undefined {
    return this.receptions.get(group);
  }

  receive(frame: Frame): void {
    if (frame.kind === 'data') this.deliver(frame.group, frame.id);
    else if (frame.kind === 'igmp' && frame.message.type === 'query') this.query(frame.message);
    else if (frame.kind === 'igmp' && frame.message.type === 'v2-report' && this.speaksV2()) {
      // RFC 2236 §3: another member's report answers for this one.
      this.pending.get(frame.message.group)?.cancel();
      this.pending.delete(frame.message.group);
    }
  }

  private deliver(group: string, id: number): void {
    if (!this.joined.has(group)) return;
    let reception = this.receptions.get(group);
    if (!reception) {
      reception = { received: 0, duplicates: 0, seen: new Set() };
      this.receptions.set(group, reception);
    }
    if (reception.seen.has(id)) {
      reception.duplicates++;
      return;
    }
    reception.seen.add(id);
    reception.received++;
    reception.firstAt ??= this.clock.now();
  }

  private speaksV2(): boolean {
    return this.version === 2 || this.clock.now() < this.olderQuerierUntil;
  }

  /** Sent at once, then repeated after random delays within the Unsolicited Report Interval. */
  private stateChange(group: string, type: GroupRecordType): void {
    const report = (): [IgmpMessage, string] =>
      this.speaksV2()
        ? [{ type: 'v2-report', group }, group]
        : [{ type: 'v3-report', records: [{ type, group, sources: [] }] }, ALL_IGMPV3_ROUTERS];
    this.send(...report());
    const interval = UNSOLICITED_MS[this.speaksV2() ? 2 : 3];
    for (let i = 1; i < ROBUSTNESS; i++)
      this.clock.setTimer(this.random.next() * interval, () => {
        const stillWanted =
          type === 'CHANGE_TO_EXCLUDE_MODE' ? this.joined.has(group) : !this.joined.has(group);
        if (stillWanted) this.send(...report());
      });
  }

  /** RFC 3376 §5.2, RFC 2236 §3: a report for each group asked about, after a delay up to Max Resp Time. */
  private query(query: MembershipQuery): void {
    if (query.version === 2) this.olderQuerierUntil = this.clock.now() + 2 * 125_000 + query.maxRespTimeMs;
    const general = query.group === '0.0.0.0';
    const groups = general ? [...this.joined.keys()] : this.joined.has(query.group) ? [query.group] : [];
    if (groups.length === 0) return;
    const delay = this.random.next() * query.maxRespTimeMs;
    if (this.speaksV2()) {
      for (const group of groups)
        this.schedule(group, delay, () => this.send({ type: 'v2-report', group }, group));
      return;
    }
    this.schedule(general ? '' : query.group, delay, () => {
      const records = (general ? [...this.joined.keys()] : groups.filter((g) => this.joined.has(g))).map(
        (group) => ({ type: 'MODE_IS_EXCLUDE' as const, group, sources: [] }),
      );
      if (records.length > 0) this.send({ type: 'v3-report', records }, ALL_IGMPV3_ROUTERS);
    });
  }

  /** A response already due sooner stands (RFC 3376 §5.2 rules 1–2); otherwise this one is scheduled. */
  private schedule(key: string, delay: number, respond: () => void): void {
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      this.clock.setTimer(delay, () => {
        this.pending.delete(key);
        respond();
      }),
    );
  }
}
