import type { Timer } from '../../common/clock.js';
import { ageMs, type Stall } from '../group/stall.js';
import type { DataMessage, MemberId, MessageRef, OrderMessage } from '../wire/messages.js';
import { Orderer, refKey, refOf } from './orderer.js';

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
 */
export class SequencerOrder extends Orderer {
  private readonly data = new Map<string, { message: DataMessage; since: number }>();
  /** Data no ORDER has named yet, in the order the channel handed it over (FIFO per sender). */
  private readonly unordered = new Map<string, DataMessage>();
  private readonly orders: { ref: MessageRef; since: number }[] = [];
  /** Per sender: next sequence number not yet delivered or given up (the order is FIFO per sender). */
  private readonly done = new Map<MemberId, number>();
  private timer: Timer | undefined;

  sent(message: DataMessage): void {
    this.received(message);
  }

  received(message: DataMessage): void {
    if (message.seq < (this.done.get(message.origin) ?? 0)) {
      this.ctx.counters.late++;
      return;
    }
    const key = refKey(refOf(message));
    this.data.set(key, { message, since: this.ctx.clock.now() });
    this.unordered.set(key, message);
    this.tick();
    if (this.data.has(key)) this.ctx.counters.heldBack++;
  }

  override ordered(message: OrderMessage): void {
    this.unordered.delete(refKey(message.ref));
    this.orders.push({ ref: message.ref, since: this.ctx.clock.now() });
    this.deliverReady();
  }

  /** The sequencer orders what nobody has (also what came in before it knew it was the sequencer). */
  override tick(): void {
    if (this.ctx.sequencer() === this.ctx.self) {
      for (const message of [...this.unordered.values()]) this.ordered(this.ctx.sendOrder(refOf(message)));
    }
    this.deliverReady();
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
      if (ref.seq < (this.done.get(ref.sender) ?? 0)) {
        this.orders.shift(); // its data was given up on
      } else if (entry) {
        this.orders.shift();
        this.data.delete(refKey(ref));
        this.done.set(ref.sender, ref.seq + 1);
        this.ctx.deliver(entry.message);
      } else break;
    }
    this.armGiveUp();
  }

  private armGiveUp(): void {
    if (this.ctx.reliable || this.timer || (this.orders.length === 0 && this.data.size === 0)) return;
    this.timer = this.ctx.clock.setTimer(this.ctx.holdMs, () => {
      this.timer = undefined;
      const now = this.ctx.clock.now();
      const head = this.orders[0];
      if (head && head.since + this.ctx.holdMs <= now) {
        this.orders.shift();
        this.done.set(head.ref.sender, Math.max(this.done.get(head.ref.sender) ?? 0, head.ref.seq + 1));
      }
      for (const [key, { message, since }] of this.data) {
        const stale =
          message.seq < (this.done.get(message.origin) ?? 0) || since + 4 * this.ctx.holdMs <= now;
        if (stale) {
          this.data.delete(key);
          this.unordered.delete(key);
        }
      }
      this.deliverReady();
    });
  }
}
