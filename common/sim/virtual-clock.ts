import type { Clock, Timer } from '../clock.js';

interface Pending {
  at: number;
  order: number;
  fire: () => void;
  cancelled: boolean;
}

/**
 * Deterministic virtual time: timers fire in (time, creation order) when the clock is advanced,
 * never on their own, so simulated runs repeat exactly.
 */
export class VirtualClock implements Clock {
  private time = 0;
  private created = 0;
  private pending: Pending[] = [];

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fire: () => void): Timer {
    const entry: Pending = { at: this.time + Math.max(0, ms), order: this.created++, fire, cancelled: false };
    this.pending.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Runs every timer due up to `now + ms` (including ones those timers set), then stops at that time. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (let next = this.nextDue(until); next; next = this.nextDue(until)) {
      this.time = next.at;
      next.fire();
    }
    this.time = until;
  }

  /** Timers still waiting to fire. */
  get scheduled(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  private nextDue(until: number): Pending | undefined {
    this.pending = this.pending.filter((p) => !p.cancelled);
    let best: Pending | undefined;
    for (const p of this.pending) {
      if (p.at <= until && (!best || p.at < best.at || (p.at === best.at && p.order < best.order))) best = p;
    }
    if (best) this.pending.splice(this.pending.indexOf(best), 1);
    return best;
  }
}
