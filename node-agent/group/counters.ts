/** Per-group traffic counters, as `stats --json` reports them. */
export interface GroupCounters {
  joined: boolean;
  sent: number;
  received: number;
  bytesSent: number;
  bytesReceived: number;
  /** Datagrams received per sender name. */
  senders: Record<string, number>;
}

export class CounterTable {
  readonly groups: Record<string, GroupCounters> = {};

  of(group: string): GroupCounters {
    this.groups[group] ??= {
      joined: false,
      sent: 0,
      received: 0,
      bytesSent: 0,
      bytesReceived: 0,
      // No prototype: sender names come off the wire, and "constructor" is a valid node name.
      senders: Object.create(null) as Record<string, number>,
    };
    return this.groups[group];
  }

  countSent(group: string, bytes: number): void {
    const counters = this.of(group);
    counters.sent += 1;
    counters.bytesSent += bytes;
  }

  countReceived(group: string, sender: string, bytes: number): void {
    const counters = this.of(group);
    counters.received += 1;
    counters.bytesReceived += bytes;
    counters.senders[sender] = (counters.senders[sender] ?? 0) + 1;
  }
}
