import type { MemberId, StreamPosition } from '../wire/messages.js';

/** A stream's identity in tables: its kind and origin. */
export const streamId = (kind: StreamPosition['kind'], origin: MemberId): string => `${kind}:${origin}`;

/**
 * The latest receive positions each member reported (heartbeats, acks, piggybacked on data). They are
 * the cumulative acks of ACK mode and the stability information of NACK mode: a message is stable once
 * every member's position is past it.
 */
export class DigestTable {
  private readonly byMember = new Map<MemberId, Map<string, { inc: number; next: number }>>();

  update(member: MemberId, digest: readonly StreamPosition[]): void {
    const positions = this.byMember.get(member) ?? new Map<string, { inc: number; next: number }>();
    this.byMember.set(member, positions);
    for (const p of digest) {
      const id = streamId(p.kind, p.origin);
      const known = positions.get(id);
      // Reports may arrive out of order: keep the furthest, unless the stream restarted.
      if (!known || known.inc !== p.inc || p.next > known.next)
        positions.set(id, { inc: p.inc, next: p.next });
    }
  }

  forget(member: MemberId): void {
    this.byMember.delete(member);
  }

  /** How far `member` has received stream `id` (incarnation `inc`), if it said. */
  position(member: MemberId, id: string, inc: number): number | undefined {
    const p = this.byMember.get(member)?.get(id);
    return p && p.inc === inc ? p.next : undefined;
  }

  /** The lowest position among `members`; one that never reported counts as `fallback`. */
  stable(id: string, inc: number, members: readonly MemberId[], fallback: number): number {
    let low = Number.POSITIVE_INFINITY;
    for (const m of members) low = Math.min(low, this.position(m, id, inc) ?? fallback);
    return low;
  }
}
