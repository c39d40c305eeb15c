/**
 * A workload: multicast sources and group members on a topology's hosts, on a timeline in seconds
 * from its start. The same workload runs on every mode a comparison tries.
 */
export interface Workload {
  name: string;
  /** Seconds the workload runs; sources stop and members leave by then. */
  duration: number;
  sources: SourceSpec[];
  members: MemberSpec[];
}

export interface SourceSpec {
  host: string;
  group: string;
  /** Datagrams per second. */
  rate: number;
  /** Payload bytes per datagram. */
  size: number;
  start: number;
  stop: number;
}

export interface MemberSpec {
  host: string;
  group: string;
  join: number;
  /** Absent: a member until the end. */
  leave?: number;
}
