import type { MemberId } from '../wire/messages.js';

export type TransportKind = 'ip-multicast' | 'unicast' | 'hierarchical';
export type Reliability = 'best-effort' | 'nack' | 'ack';
export type Ordering = 'none' | 'fifo' | 'causal' | 'total-sequencer' | 'total-isis';

export const TRANSPORTS: readonly TransportKind[] = ['ip-multicast', 'unicast', 'hierarchical'];
export const RELIABILITIES: readonly Reliability[] = ['best-effort', 'nack', 'ack'];
export const ORDERINGS: readonly Ordering[] = ['none', 'fifo', 'causal', 'total-sequencer', 'total-isis'];

/** Protocol timers, in milliseconds of the member's Clock. */
export interface Timing {
  /** Heartbeat period: membership soft state, idle senders' last sequence number, stability digests. */
  heartbeatMs: number;
  /** A member not heard from for this long is dropped from the membership (suspected). */
  memberTimeoutMs: number;
  /**
   * A suspected member is still waited for — stability keeps what it lacks, ISIS waits for its proposal,
   * it keeps the sequencer role — until it has been silent this long: silence is suspicion, not proof
   * of a crash, and a member that comes back must still be able to recover everything. Then it is
   * given up for good.
   */
  memberGiveUpMs: number;
  /** NACK backoff is uniform in [nackMinMs, nackMaxMs); a NACK unanswered after nackRetryMs is repeated. */
  nackMinMs: number;
  nackMaxMs: number;
  nackRetryMs: number;
  /** The origin repairs within repairMs / 2; other holders wait repairMs plus up to repairMs more. */
  repairMs: number;
  /** ACK mode: a receiver acks after this delay unless its own data carries the ack first. */
  ackDelayMs: number;
  /** ACK mode: the sender retransmits what a member has not acked after this long. */
  rtoMs: number;
  /**
   * Own messages are kept at least this long, even once every known member has them: a member that
   * joined moments ago, not yet known to the sender, can still recover them.
   */
  retainMs: number;
  /** Best-effort: how long a gap or an unresolved order is waited for before it is skipped. */
  holdMs: number;
  /** ISIS: a proposal without a final number is repeated after this long. */
  proposeRetryMs: number;
  /** Flush: the initiator repeats unanswered phases after this long. */
  flushRetryMs: number;
  /** Flush: a member blocked by a flush whose end it never hears unblocks after this long. */
  flushLeaseMs: number;
}

export const DEFAULT_TIMING: Timing = {
  heartbeatMs: 100,
  memberTimeoutMs: 1_000,
  memberGiveUpMs: 3_000,
  nackMinMs: 5,
  nackMaxMs: 25,
  nackRetryMs: 100,
  repairMs: 20,
  ackDelayMs: 5,
  rtoMs: 60,
  retainMs: 300,
  holdMs: 200,
  proposeRetryMs: 100,
  flushRetryMs: 100,
  flushLeaseMs: 5_000,
};

export interface GroupOptions {
  group: string;
  transport: TransportKind;
  reliability: Reliability;
  ordering: Ordering;
  /** Closed groups reject (and count) data from senders that have not joined. */
  closed: boolean;
  /**
   * Ids that may be members (e.g. the lab's hosts). The unicast and hierarchical transports send
   * announcements (join, leave, heartbeats) to all of them, since they cannot broadcast.
   */
  peers?: MemberId[];
  /** Hierarchical transport: the subgroup of a member; its coordinator is the smallest member id in it. */
  subgroupOf?: (member: MemberId) => string;
  /** ACK mode: at most this many own messages unacknowledged by some member (the pipelining window). */
  window?: number;
  /** NACK mode: at most this many own messages not yet stable (kept for repair). */
  maxBuffered?: number;
  timing?: Partial<Timing>;
}
