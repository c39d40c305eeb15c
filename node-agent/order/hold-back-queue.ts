import { after, type Key } from './isis-key.js';

interface Entry<H> {
  /** The item's key when it was pushed: an item whose key changed since is here again, newer. */
  key: Key;
  item: H;
}

const sameKey = (a: Key, b: Key) =>
  a.n === b.n && a.who === b.who && a.sender === b.sender && a.seq === b.seq;

/**
 * The ISIS hold-back queue's order: held messages by key, smallest first, as a binary heap. A message's
 * key changes when its number is agreed; it is pushed again then, and entries whose key is no longer
 * their message's (or whose message is no longer held) are dropped when they come to the top. Finding
 * the head costs O(log n) instead of a scan of everything held.
 */
export class HoldBackQueue<H extends Key> {
  private heap: Entry<H>[] = [];

  /** `item` was held, or its key changed. */
  push(item: H): void {
    const { heap } = this;
    heap.push({ key: { n: item.n, who: item.who, sender: item.sender, seq: item.seq }, item });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!after((heap[parent] as Entry<H>).key, (heap[i] as Entry<H>).key)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The held message with the smallest key; `held` says whether an item is still held. */
  head(held: (item: H) => boolean): H | undefined {
    for (let top = this.heap[0]; top; top = this.heap[0]) {
      if (held(top.item) && sameKey(top.key, top.item)) return top.item;
      this.pop();
    }
    return undefined;
  }

  clear(): void {
    this.heap = [];
  }

  private pop(): void {
    const { heap } = this;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && after((heap[smallest] as Entry<H>).key, (heap[left] as Entry<H>).key))
        smallest = left;
      if (right < heap.length && after((heap[smallest] as Entry<H>).key, (heap[right] as Entry<H>).key))
        smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(i: number, j: number): void {
    const { heap } = this;
    [heap[i], heap[j]] = [heap[j] as Entry<H>, heap[i] as Entry<H>];
  }
}
