import type { Stall } from './stall.js';

/** Event counters of one member in one group; they only grow. */
export interface GroupCounters {
  /** Own messages sent (first copies). */
  sent: number;
  /** Others' messages received for the first time. */
  received: number;
  delivered: number;
  /** Copies of messages already received, dropped. */
  duplicates: number;
  /** Best-effort: messages that arrived after their gap had been given up, dropped. */
  late: number;
  /** Closed groups: messages from senders that are not members, dropped. */
  rejected: number;
  /** Datagrams that are not messages of this protocol (or of another group's), dropped. */
  malformed: number;
  nacksSent: number;
  /** NACKs held back because another member's NACK or the repair for the same gap was overheard. */
  nacksSuppressed: number;
  /** Data and order messages sent again (repairs, ACK timeouts). */
  retransmissions: number;
  acksSent: number;
  /** Messages that had to wait in a hold-back queue (a gap, missing dependencies, no order yet). */
  heldBack: number;
  /** Sends refused for back-pressure (window or buffer full, or a flush in progress). */
  blocked: number;
}

/** What `stats()` returns: the counters plus the current state. */
export interface GroupStats extends GroupCounters {
  group: string;
  joined: boolean;
  view: number;
  members: number;
  /** Messages waiting in hold-back queues now. */
  holding: number;
  /** Messages kept for retransmission now (own unstable ones and, in NACK mode, others' for repair). */
  buffered: number;
  /** The oldest held-back message, how long it has waited and what for; null when nothing is held back. */
  stall: Stall | null;
}

export function zeroCounters(): GroupCounters {
  return {
    sent: 0,
    received: 0,
    delivered: 0,
    duplicates: 0,
    late: 0,
    rejected: 0,
    malformed: 0,
    nacksSent: 0,
    nacksSuppressed: 0,
    retransmissions: 0,
    acksSent: 0,
    heldBack: 0,
    blocked: 0,
  };
}
