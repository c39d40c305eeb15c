import { type DeliveryRecord, deliveryRecord } from '../group-types/delivery-record.js';
import type { Orderer } from '../order/orderer.js';
import type { StreamCut, VsData, VsPropose } from '../views/messages.js';
import { memberKey } from '../views/view.js';
import type { MemberContext } from './context.js';
import type { Follower } from './follower.js';
import { atomicOrderer, type OrderingPort } from './ordering.js';
import { deliveryStoreRecord } from './records.js';
import { isControl, type Stream, streamKey } from './streams.js';

export type DeliverListener = (record: DeliveryRecord, payload: Buffer) => void;

/**
 * Hands messages out. The view-synchronous part takes them per sender in sequence order: within the view
 * as far as its rules allow (not beyond what a followed attempt was told, only stable messages when
 * uniform), at a flush up to the cut, and history while catching up. Within views they pass through the
 * group's orderer (FIFO, or a sequencer's total order), which delivers them to the store, then the
 * listeners; at the end of a view the orderer delivers whatever it still holds. History goes straight out.
 */
export class Delivery {
  readonly listeners: DeliverListener[] = [];
  private orderer: Orderer<VsData>;
  /** An own ORDER or agreed number went into this member's stream during a delivery pass: one more pass. */
  private sentOwnControl = false;

  constructor(
    private readonly ctx: MemberContext,
    private readonly follower: Follower,
    private readonly port: OrderingPort,
  ) {
    this.orderer = this.newOrderer();
  }

  /** A new incarnation: the orderer starts afresh; what it held is to be caught up like history. */
  reset(): void {
    for (const message of this.orderer.release()) this.ctx.streams.untake(message);
    this.orderer.stop();
    this.orderer = this.newOrderer();
  }

  /** Delivers, per sender in sequence order, what the view's rules allow now (own ORDERs sent meanwhile too). */
  deliverReady(): void {
    const { ctx } = this;
    do {
      this.sentOwnControl = false;
      if (ctx.phase !== 'member' || !ctx.current || ctx.blocked || this.follower.installPending) return;
      for (const s of ctx.viewStreams()) {
        const stream = ctx.streams.get(s.sender, s.inc);
        if (!stream) continue;
        let upTo = this.follower.cap(stream, stream.received);
        if (ctx.setup.uniform) upTo = Math.min(upTo, this.stableNext(stream));
        while (stream.delivered < upTo && this.deliverOne(stream, false)) {}
      }
    } while (this.sentOwnControl);
  }

  /** The end of a view: everything below the cut, then what the orderer still holds. */
  deliverCut(cut: readonly StreamCut[]): void {
    for (const c of cut) {
      const stream = this.ctx.streams.get(c.sender, c.inc);
      while (stream && stream.delivered < c.next && this.deliverOne(stream, false)) {}
    }
    this.orderer.endView();
  }

  /** Messages the orderer holds back (a sequencer's ORDER not come yet). */
  get holding(): number {
    return this.orderer.holding;
  }

  /** ISIS: another member's proposal for an own message. */
  proposed(proposal: VsPropose): void {
    this.orderer.proposed(proposal);
  }

  /** Periodic upkeep: a sequencer orders what it could not while a view change was under way. */
  tick(): void {
    this.orderer.tick();
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

  /** Takes the stream's next message: history to the application, otherwise to the orderer. */
  deliverOne(stream: Stream, catchUp: boolean): boolean {
    const { ctx } = this;
    const message = ctx.streams.take(stream);
    if (!message) return false;
    if (isControl(message)) {
      if (!catchUp) for (const ref of message.orders) this.orderer.ordered(ref);
      if (!catchUp) for (const final of message.finals) this.orderer.finalized(final);
    } else if (catchUp) this.toApplication(message, true);
    else if (stream.sender === ctx.self && stream.inc === ctx.inc) this.orderer.sent(message);
    else this.orderer.received(message);
    if (stream.sender === ctx.self && stream.inc === ctx.inc) ctx.wake();
    return true;
  }

  private newOrderer(): Orderer<VsData> {
    return atomicOrderer(this.ctx, (message) => this.toApplication(message, false), {
      sendControl: (control) => {
        const sent = this.port.sendControl(control);
        this.sentOwnControl ||= sent;
        return sent;
      },
      sendPropose: (to, ref, proposal) => this.port.sendPropose(to, ref, proposal),
    });
  }

  private toApplication(message: VsData, catchUp: boolean): void {
    const { ctx } = this;
    const record: DeliveryRecord = {
      ...deliveryRecord(message, ctx.wallClock()),
      ...(catchUp ? { catchUp: true } : {}),
    };
    ctx.setup.store.append(deliveryStoreRecord(record, message));
    ctx.counters.delivered++;
    if (catchUp) ctx.counters.caughtUp++;
    for (const listener of [...this.listeners]) listener(record, message.payload);
  }
}
