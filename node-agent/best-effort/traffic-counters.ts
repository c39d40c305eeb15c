/** Per-group traffic counters, as `stats --json` reports them. */
export interface TrafficCounters {
  joined: boolean;
  sent: number;
  received: number;
  bytesSent: number;
  bytesReceived: number;
  /** Datagrams received per sender name. */
  senders: Record<string, number>;
  /** Copies of a datagram already received (same sender and sequence number), not counted above. */
  duplicates: number;
}

/** How many recent sequence numbers per sender are remembered to recognise duplicates. */
const SEEN_WINDOW = 65_536;

export class CounterTable {
  readonly groups: Record<string, TrafficCounters> = {};
  /** Sequence numbers seen per `group sender`, to tell copies from new datagrams. */
  private readonly seen = new Map<string, Set<number>>();

  of(group: string): TrafficCounters {
    this.groups[group] ??= {
      joined: false,
      sent: 0,
      received: 0,
      bytesSent: 0,
      bytesReceived: 0,
      // No prototype: sender names come off the wire, and "constructor" is a valid node name.
      senders: Object.create(null) as Record<string, number>,
      duplicates: 0,
    };
    return this.groups[group];
  }

  countSent(group: string, bytes: number): void {
    const counters = this.of(group);
    counters.sent += 1;
    counters.bytesSent += bytes;
  }

  /** `seq` is the sender's sequence number when the datagram carries one. */
  countReceived(group: string, sender: string, bytes: number, seq?: number): void {
    const counters = this.of(group);
    if (seq !== undefined) {
      const key = `${group} ${sender}`;
      const seen = this.seen.get(key) ?? new Set<number>();
      this.seen.set(key, seen);
      if (seen.has(seq)) {
        counters.duplicates += 1;
        return;
      }
      seen.add(seq);
      // Remember a window of recent sequence numbers, not all of them: memory stays bounded.
      for (const old of seen) {
        if (seen.size <= SEEN_WINDOW) break;
        seen.delete(old);
      }
    }
    counters.received += 1;
    counters.bytesReceived += bytes;
    counters.senders[sender] = (counters.senders[sender] ?? 0) + 1;
  }
}
