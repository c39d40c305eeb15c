import type { Clock } from '../../common/clock.js';
import type { Observation } from '../../common/state-machine.js';
import type { IgmpMessage, MembershipQuery } from '../wire/igmp/message.js';
import { isReporterAddress, isUnicastAddress } from './address.js';
import { type GroupSnapshot, GroupTable } from './group-table.js';
import { ALL_SYSTEMS, type IgmpPort } from './port.js';
import { QuerierElection } from './querier.js';
import { generalQuery, type RouterVersion } from './queries.js';
import type { IgmpTimers } from './timers.js';

export interface IgmpRouterInterfaceOptions {
  clock: Clock;
  port: IgmpPort;
  /** The router's address on the interface, which the querier election compares. */
  address: string;
  /** IGMPv3 (RFC 3376) or IGMPv2 (RFC 2236): the queries sent, and how much of a v3 report counts. */
  version: RouterVersion;
  timers: IgmpTimers;
  /** Called when a group starts or stops having members on the interface, and only then. */
  onMembership(group: string, hasMembers: boolean): void;
  /** Who hears the querier election's transitions, if anyone. */
  observed?: Observation;
}

export interface IgmpInterfaceSnapshot {
  address: string;
  version: RouterVersion;
  querier: boolean;
  /** Null before `start` and after `stop`. */
  querierAddress: string | null;
  /** While another router is the querier: until this one takes over, unless it hears it again. */
  otherQuerierExpiresInMs?: number;
  groups: GroupSnapshot[];
}

/** The router side of IGMP on one interface: querier election, and the membership of each group. */
export class IgmpRouterInterface {
  private readonly election: QuerierElection;
  private readonly groups: GroupTable;
  private running = false;

  constructor(private readonly options: IgmpRouterInterfaceOptions) {
    const { clock, port, address, version, timers, onMembership, observed } = options;
    this.election = new QuerierElection({
      observed,
      clock,
      address,
      version,
      timers,
      sendGeneralQuery: () => port.send(generalQuery(version, this.election.timers), ALL_SYSTEMS),
    });
    this.groups = new GroupTable({
      clock,
      version,
      timers: () => this.election.timers,
      isQuerier: () => this.election.state === 'Querier',
      sendQuery: (query, destination) => port.send(query, destination),
      onMembership,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.election.start();
  }

  /** Cancels every timer and forgets every group, reporting those that had members. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.election.stop();
    this.groups.clear();
  }

  /** A message heard on the interface from `source`; anything that makes no sense is ignored. */
  receive(message: IgmpMessage, source: string): void {
    if (!this.running || source === this.options.address) return;
    switch (message.type) {
      case 'query':
        this.queryHeard(message, source);
        return;
      case 'v1-report':
      case 'v2-report':
      case 'v2-leave':
        if (isReporterAddress(source)) this.groups.olderHostMessage(message, source);
        return;
      case 'v3-report':
        if (isReporterAddress(source))
          for (const record of message.records) this.groups.groupRecord(record, source);
        return;
    }
  }

  snapshot(): IgmpInterfaceSnapshot {
    const { address, version, clock } = this.options;
    const otherQuerierExpiresInMs = this.election.otherQuerierExpiresInMs();
    return {
      address,
      version,
      querier: this.election.state === 'Querier',
      querierAddress: this.election.querierAddress ?? null,
      ...(otherQuerierExpiresInMs !== undefined && { otherQuerierExpiresInMs }),
      groups: this.groups.snapshot(clock.now()),
    };
  }

  /** Queries come from routers; an address-less snooping switch querying from 0.0.0.0 takes no part. */
  private queryHeard(query: MembershipQuery, source: string): void {
    if (!isUnicastAddress(source)) return;
    this.election.queryHeard(query, source);
    this.groups.queryHeard(query);
  }
}
