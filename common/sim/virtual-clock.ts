import type { Clock, Timer } from '../clock.js';

interface Pending {
  at: number;
  order: number;
  fire: () => void;
  done: boolean;
}

const earlier = (a: Pending, b: Pending) => a.at < b.at || (a.at === b.at && a.order < b.order);

/**
 * Deterministic virtual time: timers fire in (time, creation order) when the clock is advanced,
 * never on their own, so simulated runs repeat exactly. Pending timers sit in a binary heap, so a
 * simulation with millions of them stays O(log n) per timer; cancelled ones are dropped when they
 * reach the top.
 */
export class VirtualClock implements Clock {
  private time = 0;
  private created = 0;
  private live = 0;
  private readonly heap: Pending[] = [];

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fire: () => void): Timer {
    const entry: Pending = { at: this.time + Math.max(0, ms), order: this.created++, fire, done: false };
    this.push(entry);
    this.live++;
    return {
      cancel: () => {
        if (entry.done) return;
        entry.done = true;
        this.live--;
        // Timers reset over and over (keepalives on every data poll) would otherwise pile up cancelled.
        if (this.heap.length > 2 * this.live + 1024) this.compact();
      },
    };
  }

  /** Runs every timer due up to `now + ms` (including ones those timers set), then stops at that time. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (let next = this.heap[0]; next && next.at <= until; next = this.heap[0]) {
      this.pop();
      if (next.done) continue;
      next.done = true;
      this.live--;
      this.time = next.at;
      next.fire();
    }
    this.time = until;
  }

  /** When the next timer is due; undefined when none is waiting. */
  nextAt(): number | undefined {
    while (this.heap[0]?.done) this.pop();
    return this.heap[0]?.at;
  }

  /** Timers still waiting to fire. */
  get scheduled(): number {
    return this.live;
  }

  /** Drops cancelled timers and rebuilds the heap from what is left. */
  private compact(): void {
    const pending = this.heap.filter((p) => !p.done);
    this.heap.length = 0;
    for (const p of pending) this.push(p);
  }

  private push(entry: Pending): void {
    const heap = this.heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Pending;
      if (!earlier(entry, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && earlier(heap[right] as Pending, heap[left] as Pending) ? right : left;
      if (!earlier(heap[child] as Pending, last)) break;
      heap[i] = heap[child] as Pending;
      i = child;
    }
    heap[i] = last;
  }
}
