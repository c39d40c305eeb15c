import type { MemberId } from '../wire/messages.js';

/** Membership learned from the wire: joins and heartbeats keep a member in, a leave or silence drops it. */
export class SoftStateMembership {
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
