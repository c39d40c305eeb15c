import type { Timer } from '../../common/clock.js';
import { ageMs, type Stall } from '../group-types/stall.js';
import type { DataMessage, MessageRef } from '../wire/messages.js';
import { bySenderIncSeq, Orderer, refKey, refOf, type Sequenced, streamOf } from './orderer.js';

/**
 * Total order by a sequencer. Every member multicasts its data as usual; the sequencer numbers each
 * message as it receives it (in per-sender order, so the total order is FIFO too) and multicasts an
 * ORDER message. ORDER messages are the sequencer's own stream in the reliable channel: numbered,
 * kept in a history buffer until stable, NACKed or retransmitted when missed. A member delivers data
 * in ORDER sequence, holding back data whose order has not come and orders whose data has not.
 *
 * The sequencer is the smallest member id, but a member takes the role only once it has been a member
 * long enough to have heard of the others; it then orders whatever it holds unordered.
 *
 * Best-effort: an order whose data has not come within `holdMs` is skipped, and data never ordered is
 * forgotten after a few hold times.
 *
 * In an atomic group the sequencer is the view's coordinator, its ORDERs travel in its own stream of the
 * view, and at the end of a view (every survivor holding the same data and ORDERs) what is still held is
 * delivered in ORDER sequence, then what no ORDER named, by sender, incarnation and number.
 */
export class SequencerOrder<M extends Sequenced = DataMessage> extends Orderer<M> {
  private readonly data = new Map<string, { message: M; since: number }>();
  /** Data no ORDER has named yet, in the order the channel handed it over (FIFO per sender). */
  private readonly unordered = new Map<string, M>();
  private readonly orders: { ref: MessageRef; since: number }[] = [];
  /** Per sender incarnation: next sequence number not delivered or given up (the order is FIFO per sender). */
  private readonly done = new Map<string, number>();
  private timer: Timer | undefined;

  sent(message: M): void {
    this.received(message);
  }

  received(message: M): void {
    if (message.seq < this.doneUpTo(refOf(message))) {
      this.ctx.counters.late++;
      return;
    }
    const key = refKey(refOf(message));
    this.data.set(key, { message, since: this.ctx.clock.now() });
    this.unordered.set(key, message);
    this.tick();
    if (this.data.has(key)) this.ctx.counters.heldBack++;
  }

  override ordered(ref: MessageRef): void {
    this.unordered.delete(refKey(ref));
    this.orders.push({ ref, since: this.ctx.clock.now() });
    this.deliverReady();
  }

  /** The sequencer orders what nobody has (also what came in before it knew it was the sequencer). */
  override tick(): void {
    if (this.ctx.sequencer() === this.ctx.self) {
      for (const [key, message] of [...this.unordered]) {
        const ref = refOf(message);
        if (!this.ctx.sendOrder(ref)) break;
        this.unordered.delete(key);
        if (!this.ctx.ownOrdersReturn) this.ordered(ref);
      }
    }
    this.deliverReady();
  }

  override release(): M[] {
    const held = [...this.data.values()].map((e) => e.message);
    this.data.clear();
    this.unordered.clear();
    this.orders.length = 0;
    return held;
  }

  override endView(): void {
    for (const { ref } of this.orders.splice(0)) {
      const entry = this.data.get(refKey(ref));
      if (entry) this.deliver(entry.message);
    }
    const rest = [...this.data.values()]
      .map((e) => e.message)
      .sort((a, b) => bySenderIncSeq(refOf(a), refOf(b)));
    for (const message of rest) this.deliver(message);
    this.unordered.clear();
  }

  override get holding(): number {
    return this.data.size;
  }

  /**
   * The oldest held data (the map is in arrival order) and what delivery waits for: the data the first
   * pending ORDER names, or with no ORDER pending, the oldest data's ORDER.
   */
  override stall(): Stall | undefined {
    const first = this.data.values().next().value;
    const head = this.orders[0];
    const now = this.ctx.clock.now();
    const base = { heldIn: 'order', held: this.data.size } as const;
    if (head) {
      // ORDERs are delivered in sequence: everything waits for the data the first pending one names.
      const since = Math.min(head.since, first?.since ?? head.since);
      const { sender, seq } = head.ref;
      return {
        ...base,
        oldestAgeMs: ageMs(now, since),
        oldest: first ? { sender: first.message.origin, seq: first.message.seq } : { sender, seq },
        waitingFor: { kind: 'seq', stream: 'data', sender, seq },
      };
    }
    if (!first) return undefined;
    const sequencer = this.ctx.sequencer();
    const oldest = { sender: first.message.origin, seq: first.message.seq };
    return {
      ...base,
      oldestAgeMs: ageMs(now, first.since),
      oldest,
      waitingFor: { kind: 'order', ...oldest, ...(sequencer === undefined ? {} : { sequencer }) },
    };
  }

  override stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private deliverReady(): void {
    for (let head = this.orders[0]; head; head = this.orders[0]) {
      const { ref } = head;
      const entry = this.data.get(refKey(ref));
      if (ref.seq < this.doneUpTo(ref)) {
        this.orders.shift(); // its data was given up on
      } else if (!entry && this.ctx.reliable && this.ctx.unreachable(ref)) {
        this.orders.shift(); // its sender is gone and nobody has it: it will never come
        this.done.set(streamOf(ref), ref.seq + 1);
      } else if (entry) {
        this.orders.shift();
        this.deliver(entry.message);
      } else break;
    }
    this.armGiveUp();
  }

  private doneUpTo(ref: MessageRef): number {
    return this.done.get(streamOf(ref)) ?? 0;
  }

  private deliver(message: M): void {
    this.data.delete(refKey(refOf(message)));
    this.done.set(streamOf(refOf(message)), message.seq + 1);
    this.ctx.deliver(message);
  }

  private armGiveUp(): void {
    if (this.ctx.reliable || this.timer || (this.orders.length === 0 && this.data.size === 0)) return;
    this.timer = this.ctx.clock.setTimer(this.ctx.holdMs, () => {
      this.timer = undefined;
      const now = this.ctx.clock.now();
      // Every overdue order at the head, not one per hold time: a backlog would never be worked off.
      for (let head = this.orders[0]; head && head.since + this.ctx.holdMs <= now; head = this.orders[0]) {
        if (this.data.has(refKey(head.ref))) break;
        this.orders.shift();
        this.done.set(streamOf(head.ref), Math.max(this.doneUpTo(head.ref), head.ref.seq + 1));
      }
      for (const [key, { message, since }] of this.data) {
        const stale = message.seq < this.doneUpTo(refOf(message)) || since + 4 * this.ctx.holdMs <= now;
        if (stale) {
          this.data.delete(key);
          this.unordered.delete(key);
        }
      }
      this.deliverReady();
    });
  }
}
