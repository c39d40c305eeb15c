import { type DeliveryRecord, deliveryRecord } from '../group/delivery-record.js';
import type { StreamCut } from '../views/messages.js';
import { memberKey } from '../views/view.js';
import type { MemberContext } from './context.js';
import type { Follower } from './follower.js';
import { deliveryStoreRecord } from './records.js';
import { type Stream, streamKey } from './streams.js';

export type DeliverListener = (record: DeliveryRecord, payload: Buffer) => void;

/**
 * Hands messages out, per sender in sequence order: within the view as far as its rules allow (not
 * beyond what a followed attempt was told, only stable messages when uniform), at a flush up to the
 * cut, and history while catching up. Each goes to the store before the listeners.
 */
export class Delivery {
  readonly listeners: DeliverListener[] = [];

  constructor(
    private readonly ctx: MemberContext,
    private readonly follower: Follower,
  ) {}

  /** Delivers, per sender in sequence order, what the view's rules allow now. */
  deliverReady(): void {
    const { ctx } = this;
    const view = ctx.current;
    if (ctx.phase !== 'member' || !view || ctx.blocked || this.follower.installPending) return;
    for (const m of view.members) {
      const stream = ctx.streams.get(m.id, m.inc);
      if (!stream) continue;
      let upTo = this.follower.cap(stream, stream.received);
      if (ctx.setup.uniform) upTo = Math.min(upTo, this.stableNext(stream));
      while (stream.delivered < upTo) this.deliverOne(stream, false);
    }
  }

  /** The end of a view: everything below the cut. */
  deliverCut(cut: readonly StreamCut[]): void {
    for (const c of cut) {
      const stream = this.ctx.streams.get(c.sender, c.inc);
      while (stream && stream.delivered < c.next && this.deliverOne(stream, false)) {}
    }
  }

  /** Everything below is received by every member of the view (its digests say so). */
  stableNext(stream: Stream): number {
    const { ctx } = this;
    let low = stream.received;
    for (const m of ctx.current?.members ?? []) {
      if (ctx.isSelf(m)) continue;
      low = Math.min(low, ctx.digests.get(memberKey(m))?.get(streamKey(stream.sender, stream.inc)) ?? 0);
    }
    return low;
  }

  deliverOne(stream: Stream, catchUp: boolean): boolean {
    const { ctx } = this;
    const message = ctx.streams.take(stream);
    if (!message) return false;
    const record: DeliveryRecord = {
      ...deliveryRecord(message, ctx.wallClock()),
      ...(catchUp ? { catchUp: true } : {}),
    };
    ctx.setup.store.append(deliveryStoreRecord(record, message));
    ctx.counters.delivered++;
    if (catchUp) ctx.counters.caughtUp++;
    for (const listener of [...this.listeners]) listener(record, message.payload);
    if (stream.sender === ctx.self && stream.inc === ctx.inc) ctx.wake();
    return true;
  }
}
