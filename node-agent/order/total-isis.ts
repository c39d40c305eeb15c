import type { Timer } from '../../common/clock.js';
import { ageMs, type Stall } from '../group-types/stall.js';
import type { DataMessage, MemberId, MessageRef } from '../wire/messages.js';
import { HoldBackQueue } from './hold-back-queue.js';
import { after, type Key, remember } from './isis-key.js';
import {
  bySenderIncSeq,
  type Final,
  Orderer,
  type Proposal,
  refKey,
  refOf,
  type Sequenced,
  streamOf,
} from './orderer.js';

interface Held<M> extends Key {
  ref: MessageRef;
  message: M;
  final: boolean;
  /** When the proposal was (last) sent. */
  since: number;
  /** When the message was put in the hold-back queue. */
  arrived: number;
}

/** A message whose number this member decides: its own, or, as successor, a given-up sender's. */
interface Deciding {
  ref: MessageRef;
  waiting: Set<MemberId>;
  best: Key;
  /** Own: when it was sent; taken over: when the members were last asked for their proposals. */
  since: number;
}

/** Overdue proposals repeated per sender stream and tick, from its first undecided message on. */
const REPEATS_PER_STREAM = 64;

const keyOf = ({ n, who, sender, seq }: Key): Key => ({ n, who, sender, seq });
const bySenderThenSeq = (a: Deciding, b: Deciding): number =>
  a.ref.sender !== b.ref.sender ? (a.ref.sender < b.ref.sender ? -1 : 1) : a.ref.seq - b.ref.seq;

/**
 * Total order by ISIS agreed numbers. Each receiver proposes a number larger than any it has proposed
 * or seen agreed and holds the message back under it; the sender takes the largest proposal as the
 * agreed number and multicasts it; a receiver delivers its hold-back queue's head once the head's number
 * is agreed (every other message it holds has a larger number, tentative or not).
 *
 * Proposals follow per-sender order (the channel hands data over in sequence), which makes the total
 * order FIFO as well; a message's number is decided after its predecessor's and never falls below it.
 * Lost proposals and finals: a receiver repeats its proposal until the number comes, and any member that
 * knows the number answers a repeated proposal with it. A member that leaves is no longer waited for.
 *
 * A sender that dies (given up) or leaves with messages undecided would leave them, and everything
 * numbered after them, held back for good. Its **successor** — the first surviving member by id — decides
 * them instead: the survivors send it their proposals, it asks those that have not proposed (a member
 * that knows the number answers with it, so a number the sender did agree is kept), and once every
 * survivor has proposed it multicasts the largest, in the sender's sequence order.
 *
 * Best-effort: the sender decides with the proposals it has after `holdMs`, and a receiver drops a
 * message whose number never comes or comes below what it already delivered.
 *
 * In an atomic group the view's members propose, a sender's agreed numbers travel in its own ORDER
 * stream of the view (so a flush gives every survivor the same ones), and a sender that dies is handled
 * by the view change instead of a successor: at the end of a view what is still held is delivered in
 * agreed-number order, then what never got a number, by sender, incarnation and number.
 */
export class IsisOrder<M extends Sequenced = DataMessage> extends Orderer<M> {
  private readonly held = new Map<string, Held<M>>();
  /** `held` by key, smallest first. */
  private readonly queue = new HoldBackQueue<Held<M>>();
  /** Agreed numbers that came before their data. */
  private readonly early = new Map<string, Key>();
  /** Agreed numbers known here, decided or heard: repeated proposals are answered from them. */
  private readonly known = new Map<string, Key>();
  /** Per sender stream, the largest agreed number: the next decision stays above it (FIFO). */
  private readonly lastAgreed = new Map<string, Key>();
  private readonly deciding = new Map<string, Deciding>();
  /** Senders given up or gone: their undecided messages are their successor's to decide. */
  private readonly gone = new Set<MemberId>();
  private lastDelivered: Key | undefined;
  private highest = 0;
  private timer: Timer | undefined;

  sent(message: M): void {
    const held = this.hold(message);
    const d = { ref: held.ref, waiting: new Set(this.others()), best: keyOf(held), since: held.since };
    this.deciding.set(refKey(held.ref), d);
    this.decideInSequence(d);
    this.arm();
  }

  received(message: M): void {
    const ref = refOf(message);
    const agreed = this.early.get(refKey(ref));
    if (agreed) {
      this.early.delete(refKey(ref));
      this.hold(message, agreed);
      this.deliverReady();
      return;
    }
    const held = this.hold(message);
    this.ctx.counters.heldBack++;
    const decider = this.decider(held.sender);
    if (decider === this.ctx.self) this.takeOver(refKey(ref));
    else this.ctx.sendPropose(decider, ref, held.n);
    this.arm();
  }

  override lost(member: MemberId): void {
    this.gone.add(member);
    this.arm();
  }

  override proposed(p: Proposal): void {
    const key = refKey(p.ref);
    const known = this.known.get(key);
    if (known) {
      this.ctx.sendFinal(p.ref, known.n, known.who, p.origin); // it missed the final
      return;
    }
    const d = this.deciding.get(key) ?? this.takeOver(key);
    if (d) {
      if (!d.waiting.delete(p.origin)) return;
      const proposal = { n: p.proposal, who: p.origin, sender: p.ref.sender, seq: p.ref.seq };
      if (after(proposal, d.best)) d.best = proposal;
      if (d.waiting.size === 0) this.decideInSequence(d);
      return;
    }
    // The successor of a sender given up asks for our proposal: answer it.
    const held = this.held.get(key);
    if (held && !held.final && p.origin !== this.ctx.self && this.decider(held.sender) === p.origin) {
      this.ctx.sendPropose(p.origin, held.ref, held.n);
    }
  }

  override finalized(f: Final): void {
    this.agree(f.ref, { n: f.agreed, who: f.proposer, sender: f.ref.sender, seq: f.ref.seq });
  }

  override endView(): void {
    const held = [...this.held.values()];
    const numbered = held.filter((h) => h.final).sort((a, b) => (after(a, b) ? 1 : -1));
    const rest = held.filter((h) => !h.final).sort((a, b) => bySenderIncSeq(a.ref, b.ref));
    this.queue.clear();
    for (const h of [...numbered, ...rest]) {
      this.held.delete(refKey(h.ref));
      this.lastDelivered = h;
      this.ctx.deliver(h.message);
    }
    this.deciding.clear();
    this.early.clear();
  }

  override release(): M[] {
    const held = [...this.held.values()].map((h) => h.message);
    this.held.clear();
    this.queue.clear();
    this.deciding.clear();
    this.early.clear();
    return held;
  }

  override get holding(): number {
    return this.held.size;
  }

  /**
   * The oldest held message (the map is in arrival order) and the agreed number delivery waits for: the
   * queue head's. Where this member decides the head, the members whose proposals have not come.
   */
  override stall(): Stall | undefined {
    const first = this.held.values().next().value;
    if (!first) return undefined;
    let head = first;
    for (const h of this.held.values()) if (after(head, h)) head = h;
    if (head.final) return undefined; // delivered at once: not a wait
    const deciding = this.deciding.get(refKey(head.ref));
    const members = new Set(this.ctx.members());
    const decider = this.decider(head.sender);
    return {
      heldIn: 'order',
      held: this.held.size,
      oldestAgeMs: ageMs(this.ctx.clock.now(), first.arrived),
      oldest: { sender: first.sender, seq: first.seq },
      waitingFor: {
        kind: 'agreed',
        sender: head.sender,
        seq: head.seq,
        proposed: head.n,
        ...(decider !== head.sender && { decidedBy: decider }),
        ...(deciding && {
          proposalsMissingFrom: [...deciding.waiting].filter((m) => members.has(m)).sort(),
        }),
      },
    };
  }

  override stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private others(): MemberId[] {
    return this.ctx.members().filter((m) => m !== this.ctx.self);
  }

  /** Who decides `sender`'s messages: the sender, or once it is gone its successor. */
  private decider(sender: MemberId): MemberId {
    if (!this.gone.has(sender)) return sender;
    const members = this.ctx.members();
    if (members.includes(sender)) return sender;
    return [this.ctx.self, ...members].sort()[0] ?? this.ctx.self; // the first by id
  }

  /**
   * As successor, starts deciding a gone sender's message held here without a number (reliable groups:
   * best-effort ones drop it after a while). Undefined when it is not this member's to decide.
   */
  private takeOver(key: string): Deciding | undefined {
    const held = this.held.get(key);
    if (!this.ctx.reliable || !held || held.final || held.sender === this.ctx.self) return undefined;
    if (this.decider(held.sender) !== this.ctx.self) return undefined;
    const d = { ref: held.ref, waiting: new Set(this.others()), best: keyOf(held), since: -Infinity };
    this.deciding.set(key, d);
    return d;
  }

  /** Puts a message in the hold-back queue, under a fresh proposal unless its number is known. */
  private hold(message: M, agreed?: Key): Held<M> {
    const ref = refOf(message);
    const n = agreed?.n ?? ++this.highest;
    const held: Held<M> = {
      ref,
      message,
      n,
      who: agreed?.who ?? this.ctx.self,
      sender: ref.sender,
      seq: ref.seq,
      final: agreed !== undefined,
      since: this.ctx.clock.now(),
      arrived: this.ctx.clock.now(),
    };
    this.held.set(refKey(ref), held);
    this.queue.push(held);
    return held;
  }

  /**
   * Decides, per sender in sequence, the messages whose every awaited proposal came (best-effort, own
   * messages: on time). A taken-over message that got its number meanwhile, or whose sender is back, is
   * no longer this member's to decide.
   */
  private decide(force = false): void {
    const waitingStreams = new Set<string>();
    for (const d of [...this.deciding.values()].sort(bySenderThenSeq)) {
      const stream = streamOf(d.ref);
      if (waitingStreams.has(stream)) continue;
      if (this.decideOne(d, force) === 'waits') waitingStreams.add(stream);
    }
    this.arm();
  }

  /**
   * Every proposal for `d` is in: decides it if its stream's earlier messages are decided, then the
   * messages after it that were only waiting for it (without sorting everything undecided).
   */
  private decideInSequence(first: Deciding): void {
    const before = { ...first.ref, seq: first.ref.seq - 1 };
    if (this.deciding.has(refKey(before))) return; // decided after its predecessor, in sequence
    for (let d: Deciding | undefined = first; d; ) {
      if (this.decideOne(d, false) === 'waits') return;
      d = this.deciding.get(refKey({ ...d.ref, seq: d.ref.seq + 1 }));
    }
  }

  /** Decides `d` now if it can; whether it is done with (decided, or no longer this member's) or waits. */
  private decideOne(d: Deciding, force: boolean): 'done' | 'waits' {
    const key = refKey(d.ref);
    const own = d.ref.sender === this.ctx.self && d.ref.inc === this.ctx.inc;
    if (!own && (this.held.get(key)?.final !== false || this.decider(d.ref.sender) !== this.ctx.self)) {
      this.deciding.delete(key);
      return 'done';
    }
    if (d.waiting.size > 0) {
      const members = new Set(this.ctx.members());
      for (const m of d.waiting) if (!members.has(m)) d.waiting.delete(m); // left: not waited for
    }
    const now = this.ctx.clock.now();
    if (d.waiting.size > 0 && !(own && force && d.since + this.ctx.holdMs <= now)) return 'waits';
    const stream = streamOf(d.ref);
    let agreed = d.best;
    const last = this.lastAgreed.get(stream);
    if (last && !after(agreed, last)) {
      agreed = { n: last.n + 1, who: this.ctx.self, sender: d.ref.sender, seq: d.ref.seq }; // keep FIFO
    }
    // Not now (a view change is under way): later, or the view's end.
    if (!this.ctx.sendFinal(d.ref, agreed.n, agreed.who)) return 'waits';
    this.deciding.delete(key);
    this.lastAgreed.set(stream, agreed);
    if (!this.ctx.ownOrdersReturn) this.agree(d.ref, agreed);
    return 'done';
  }

  private agree(ref: MessageRef, agreed: Key): void {
    this.highest = Math.max(this.highest, agreed.n);
    const key = refKey(ref);
    remember(this.known, key, agreed);
    const stream = streamOf(ref);
    const last = this.lastAgreed.get(stream);
    if (!last || after(agreed, last)) this.lastAgreed.set(stream, agreed);
    const held = this.held.get(key);
    if (!held) {
      // Data not here yet (best-effort, or it was never counted on): remember the number for it.
      if (!this.lastDelivered || after(agreed, this.lastDelivered)) remember(this.early, key, agreed);
      return;
    }
    if (held.final) return;
    Object.assign(held, { n: agreed.n, who: agreed.who, final: true });
    this.queue.push(held);
    this.missedFinals(ref);
    this.deliverReady();
  }

  /**
   * A stream's numbers are decided in sequence, so a number for `ref` means those before it were decided
   * too: where ours did not come, the final was lost. Proposing again brings it (answered from `known`),
   * sooner than the retry timer.
   */
  private missedFinals(ref: MessageRef): void {
    const now = this.ctx.clock.now();
    for (let seq = ref.seq - 1; ; seq--) {
      const h = this.held.get(refKey({ ...ref, seq }));
      if (!h || h.final) return;
      const decider = this.decider(h.sender);
      if (decider === this.ctx.self) return;
      if (now - h.since < this.ctx.proposeRetryMs / 4) continue; // asked a moment ago
      this.ctx.sendPropose(decider, h.ref, h.n);
      h.since = now;
    }
  }

  private deliverReady(): void {
    const isHeld = (h: Held<M>) => this.held.get(refKey(h.ref)) === h;
    for (;;) {
      const head = this.queue.head(isHeld);
      if (!head?.final) break;
      this.held.delete(refKey(head.ref));
      if (this.lastDelivered && !after(head, this.lastDelivered)) {
        this.ctx.counters.late++; // best-effort: agreed without our proposal, below what we delivered
        continue;
      }
      this.lastDelivered = head;
      this.ctx.deliver(head.message);
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer || (this.held.size === 0 && this.deciding.size === 0)) return;
    const period = this.ctx.reliable ? this.ctx.proposeRetryMs : this.ctx.holdMs;
    this.timer = this.ctx.clock.setTimer(period, () => {
      this.timer = undefined;
      this.tick();
    });
  }

  override tick(): void {
    const now = this.ctx.clock.now();
    if (this.ctx.reliable) {
      const repeated = new Map<string, number>();
      for (const [key, h] of this.held) {
        if (h.final || h.sender === this.ctx.self) continue;
        const decider = this.decider(h.sender);
        if (decider !== this.ctx.self) {
          // Repeat the overdue proposals a stream's decider waits for first (it decides in sequence):
          // the proposal or its final was lost. Repeating every overdue one would bury a decider that
          // is merely busy.
          const stream = streamOf(h.ref);
          const asked = repeated.get(stream) ?? 0;
          if (asked >= REPEATS_PER_STREAM) continue;
          if (h.since + this.ctx.proposeRetryMs > now) {
            repeated.set(stream, REPEATS_PER_STREAM); // not overdue: the ones after it are not either
            continue;
          }
          repeated.set(stream, asked + 1);
          this.ctx.sendPropose(decider, h.ref, h.n);
          h.since = now;
          continue;
        }
        // Successor: ask the survivors that have not proposed.
        const d = this.deciding.get(key) ?? this.takeOver(key);
        if (!d || d.since + this.ctx.proposeRetryMs > now) continue;
        for (const m of d.waiting) this.ctx.sendPropose(m, h.ref, h.n);
        d.since = now;
      }
      this.decide();
    } else {
      this.decide(true);
      for (const [key, h] of this.held) {
        if (!h.final && h.sender !== this.ctx.self && h.since + 2 * this.ctx.holdMs <= now) {
          this.held.delete(key); // its number never came
          this.ctx.counters.late++;
        }
      }
      this.deliverReady();
    }
    this.arm();
  }
}
