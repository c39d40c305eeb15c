import type { MemberId } from '../wire/messages.js';
import type { SoftStateMembership } from './membership.js';

/**
 * Whom the protocols wait for (stability, acks, agreed numbers, the sequencer role): the current members,
 * and members dropped for silence (suspected) until they have been silent for `giveUpMs`. Silence is
 * suspicion, not proof of a crash: a member that comes back must still be able to recover everything.
 * The lists are computed once per change, not per message.
 */
export class Awaited {
  /** Suspected members, with when they were suspected. */
  private readonly suspects = new Map<MemberId, number>();
  private cached: { members: readonly MemberId[]; all: MemberId[]; others: MemberId[] } | undefined;

  constructor(
    private readonly self: MemberId,
    private readonly membership: SoftStateMembership,
    /** How long after its suspicion a silent member is given up. */
    private readonly giveUpAfterMs: number,
  ) {}

  /** Current and suspected members, in id order. */
  all(): MemberId[] {
    return this.lists().all;
  }

  /** The same without this member. */
  others(): MemberId[] {
    return this.lists().others;
  }

  /** Whether `member` is neither a member nor suspected (left, or given up). */
  gone(member: MemberId): boolean {
    return member !== this.self && !this.all().includes(member);
  }

  /** `member` was heard from: alive after all. */
  heard(member: MemberId, now: number): void {
    this.membership.heard(member, now);
    if (this.suspects.delete(member)) this.cached = undefined;
  }

  /** `member` announced its leave; whether it was waited for until now. */
  left(member: MemberId): boolean {
    const was = this.membership.left(member) || this.suspects.delete(member);
    this.cached = undefined;
    return was;
  }

  /** Suspects members silent too long, and gives up on those suspected for long enough. */
  expire(now: number): { suspected: MemberId[]; lost: MemberId[] } {
    const suspected = this.membership.expire(now);
    for (const member of suspected) this.suspects.set(member, now);
    const lost: MemberId[] = [];
    for (const [member, since] of this.suspects) {
      if (since + this.giveUpAfterMs > now) continue;
      this.suspects.delete(member);
      lost.push(member);
    }
    if (suspected.length > 0 || lost.length > 0) this.cached = undefined;
    return { suspected, lost };
  }

  clear(): void {
    this.suspects.clear();
    this.cached = undefined;
  }

  private lists(): { all: MemberId[]; others: MemberId[] } {
    const members = this.membership.members(); // the same array until the membership changes
    if (this.cached?.members !== members) {
      const all =
        this.suspects.size === 0 ? members : [...new Set([...members, ...this.suspects.keys()])].sort();
      this.cached = { members, all, others: all.filter((m) => m !== this.self) };
    }
    return this.cached;
  }
}
