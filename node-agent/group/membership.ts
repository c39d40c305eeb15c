import type { MemberId } from '../wire/messages.js';

/**
 * Who is in the group, as this member knows it. The protocol layers only ask these questions, so a
 * view-based membership (virtual synchrony) can replace the soft-state one later.
 */
export interface Membership {
  /** Current members in id order, this member included while joined. */
  members(): MemberId[];
  has(member: MemberId): boolean;
  /** A member now or since this member joined: its messages are welcome in a closed group after it left. */
  admitted(member: MemberId): boolean;
  /** The view id stamped on messages and delivery records. */
  view(): number;
  joinSelf(): void;
  leaveSelf(): void;
  /** `member` announced itself (join or heartbeat); true when it is new. */
  heard(member: MemberId, now: number): boolean;
  /** `member` said it leaves; true when it was a member. */
  left(member: MemberId): boolean;
  /** Drops members not heard from for the timeout and returns them. */
  expire(now: number): MemberId[];
}

/** Membership learned from the wire: joins and heartbeats keep a member in, a leave or silence drops it. */
export class SoftStateMembership implements Membership {
  private readonly lastHeard = new Map<MemberId, number>();
  private readonly ever = new Set<MemberId>();
  private sorted: MemberId[] | undefined;
  private joined = false;

  constructor(
    private readonly self: MemberId,
    private readonly timeoutMs: number,
  ) {}

  members(): MemberId[] {
    this.sorted ??= [...this.lastHeard.keys(), ...(this.joined ? [this.self] : [])].sort();
    return this.sorted;
  }

  has(member: MemberId): boolean {
    return member === this.self ? this.joined : this.lastHeard.has(member);
  }

  admitted(member: MemberId): boolean {
    return this.has(member) || this.ever.has(member);
  }

  view(): number {
    return 0; // no views yet: a later issue brings view changes
  }

  joinSelf(): void {
    this.joined = true;
    this.sorted = undefined;
  }

  leaveSelf(): void {
    this.joined = false;
    this.lastHeard.clear(); // a member that rejoins learns the group afresh
    this.ever.clear();
    this.sorted = undefined;
  }

  heard(member: MemberId, now: number): boolean {
    if (member === this.self) return false;
    const fresh = !this.lastHeard.has(member);
    this.lastHeard.set(member, now);
    this.ever.add(member);
    if (fresh) this.sorted = undefined;
    return fresh;
  }

  left(member: MemberId): boolean {
    const was = this.lastHeard.delete(member);
    if (was) this.sorted = undefined;
    return was;
  }

  expire(now: number): MemberId[] {
    const gone = [...this.lastHeard].filter(([, at]) => at + this.timeoutMs < now).map(([member]) => member);
    for (const member of gone) this.left(member);
    return gone;
  }
}
