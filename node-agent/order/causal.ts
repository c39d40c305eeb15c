import type { Timer } from '../../common/clock.js';
import { ageMs, type Stall } from '../group-types/stall.js';
import type { DataMessage, MemberId, VectorEntry } from '../wire/messages.js';
import { Orderer } from './orderer.js';

/**
 * Causal order with vector timestamps. A message carries, per member, how many of that member's
 * messages its sender had delivered (its own entry counts itself); a receiver holds it back until it has
 * delivered as many. Own messages are delivered at once, so a member's delivery log lists exactly what
 * it had seen before each of its sends.
 *
 * Counts are "next sequence number", so a member that started receiving a stream late (at `base`)
 * counts from there. Best-effort: a dependency still missing after `holdMs` is given up (counted as
 * delivered); if it comes later it is dropped, never delivered out of order.
 */
export class CausalOrder extends Orderer {
  private readonly delivered = new Map<MemberId, number>();
  private queue: { message: DataMessage; since: number }[] = [];
  private timer: Timer | undefined;

  override stamp(seq: number): VectorEntry[] {
    const vt = new Map(this.delivered);
    vt.set(this.ctx.self, seq + 1);
    return [...vt]
      .map(([member, value]) => ({ member, value }))
      .sort((a, b) => (a.member < b.member ? -1 : 1));
  }

  override started(origin: MemberId, base: number): void {
    this.delivered.set(origin, Math.max(this.delivered.get(origin) ?? 0, base));
    this.flush();
  }

  sent(message: DataMessage): void {
    this.deliver(message);
  }

  received(message: DataMessage): void {
    if (message.seq < (this.delivered.get(message.origin) ?? 0)) {
      this.ctx.counters.late++; // given up on while waiting for it
      return;
    }
    this.queue.push({ message, since: this.ctx.clock.now() });
    this.flush();
    if (this.queue.some((q) => q.message === message)) this.ctx.counters.heldBack++;
  }

  override get holding(): number {
    return this.queue.length;
  }

  /** The oldest waiting message (the queue is in arrival order) and the deliveries it still needs. */
  override stall(): Stall | undefined {
    const [oldest] = this.queue;
    if (!oldest) return undefined;
    const { message } = oldest;
    const needs: Record<MemberId, number> = {};
    const delivered: Record<MemberId, number> = {};
    for (const e of message.vt) {
      const have = this.delivered.get(e.member) ?? 0;
      if (e.member === message.origin || have >= e.value) continue;
      needs[e.member] = e.value;
      delivered[e.member] = have;
    }
    return {
      heldIn: 'order',
      held: this.queue.length,
      oldestAgeMs: ageMs(this.ctx.clock.now(), oldest.since),
      oldest: { sender: message.origin, seq: message.seq },
      waitingFor: { kind: 'causal', sender: message.origin, seq: message.seq, needs, delivered },
    };
  }

  override stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Delivers every queued message whose dependencies are met, until none is. */
  private flush(): void {
    for (let progress = true; progress; ) {
      progress = false;
      const blocked = new Set<MemberId>(); // senders with an earlier message still waiting (FIFO)
      for (const entry of this.queue) {
        const { message } = entry;
        if (!blocked.has(message.origin) && this.ready(message)) {
          this.queue = this.queue.filter((q) => q !== entry);
          this.deliver(message);
          progress = true;
          break;
        }
        blocked.add(message.origin);
      }
    }
    this.armGiveUp();
  }

  private ready(message: DataMessage): boolean {
    return message.vt.every(
      (e) => e.member === message.origin || (this.delivered.get(e.member) ?? 0) >= e.value,
    );
  }

  private deliver(message: DataMessage): void {
    this.delivered.set(message.origin, Math.max(this.delivered.get(message.origin) ?? 0, message.seq + 1));
    this.ctx.deliver(message);
  }

  /** Best-effort only: after holdMs, what the oldest waiting message depends on is given up. */
  private armGiveUp(): void {
    const [oldest] = this.queue;
    if (this.ctx.reliable || this.timer || !oldest) return;
    const wait = Math.max(0, oldest.since + this.ctx.holdMs - this.ctx.clock.now());
    this.timer = this.ctx.clock.setTimer(wait, () => {
      this.timer = undefined;
      const due = this.queue.filter((q) => q.since + this.ctx.holdMs <= this.ctx.clock.now());
      for (const { message } of due) {
        for (const e of message.vt) {
          if (e.member === message.origin) continue;
          this.delivered.set(e.member, Math.max(this.delivered.get(e.member) ?? 0, e.value));
        }
      }
      // Waiting messages that were just given up on would now come too late: drop them.
      const before = this.queue.length;
      this.queue = this.queue.filter((q) => q.message.seq >= (this.delivered.get(q.message.origin) ?? 0));
      this.ctx.counters.late += before - this.queue.length;
      this.flush();
    });
  }
}
