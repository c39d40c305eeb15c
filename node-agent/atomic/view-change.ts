import type { StreamCut } from '../views/messages.js';
import { type Member, memberKey, type View } from '../views/view.js';
import { streamKey, streamOwner } from './streams.js';

/**
 * One view-change attempt, as its proposer (the acting coordinator) runs it:
 *   gather  PREPARE sent; waiting for every survivor's FLUSH-OK (what it received in the view);
 *   fetch   the cut is the union of those reports; the proposer fetches what it lacks from holders;
 *   cut     CUT sent; waiting for every survivor's CUT-DONE (it holds everything below the cut);
 * then the proposer sends INSTALL. A survivor suspected meanwhile aborts the attempt; a new one starts
 * without it.
 */
export class ViewChangeAttempt {
  phase: 'gather' | 'fetch' | 'cut' = 'gather';
  cut: StreamCut[] = [];
  /** Per stream: a survivor that reported receiving up to the cut (where the proposer fetches). */
  readonly holders = new Map<string, string>();
  private readonly oks = new Map<string, StreamCut[]>();
  private readonly dones = new Set<string>();

  constructor(
    readonly n: number,
    readonly view: View,
    readonly survivors: readonly Member[],
    /** Merge: the coordinator whose view this one dissolves into (no view of its own follows). */
    readonly dissolveInto: string | undefined,
  ) {}

  isSurvivor(member: Member): boolean {
    return this.survivors.some((s) => s.id === member.id && s.inc === member.inc);
  }

  ok(from: Member, digest: readonly StreamCut[]): void {
    if (this.phase === 'gather' && this.isSurvivor(from)) this.oks.set(memberKey(from), [...digest]);
  }

  done(from: Member): void {
    if (this.phase === 'cut' && this.isSurvivor(from)) this.dones.add(memberKey(from));
  }

  /** Survivors that have not answered the current phase (to send it again). */
  waiting(): Member[] {
    if (this.phase === 'fetch') return [];
    const answered = this.phase === 'gather' ? this.oks : this.dones;
    return this.survivors.filter((s) => !answered.has(memberKey(s)));
  }

  /** Once every survivor reported: the union of their reports (streams of the view's members only, ORDERs included). */
  gather(): boolean {
    if (this.phase !== 'gather' || this.waiting().length > 0) return false;
    const best = new Map<string, StreamCut>();
    for (const [reporter, digest] of this.oks) {
      for (const c of digest) {
        const owner = streamOwner(c.sender);
        if (!this.view.members.some((m) => m.id === owner && m.inc === c.inc)) continue;
        const key = streamKey(c.sender, c.inc);
        if ((best.get(key)?.next ?? -1) < c.next) {
          best.set(key, c);
          this.holders.set(key, reporter.slice(0, reporter.lastIndexOf('#')));
        }
      }
    }
    this.cut = [...best.values()].map(({ sender, inc, next }) => ({ sender, inc, next }));
    this.phase = 'fetch';
    return true;
  }

  get finished(): boolean {
    return this.phase === 'cut' && this.waiting().length === 0;
  }
}
