import type { Timer } from '../../common/clock.js';
import { ageMs, type Stall } from '../group/stall.js';
import type { DataMessage, FinalMessage, MemberId, MessageRef, ProposeMessage } from '../wire/messages.js';
import { Orderer, refKey, refOf } from './orderer.js';

/** A position in the total order: the number, then the proposer, then the message, so no two tie. */
interface Key {
  n: number;
  who: MemberId;
  sender: MemberId;
  seq: number;
}

const after = (a: Key, b: Key): boolean =>
  a.n !== b.n
    ? a.n > b.n
    : a.who !== b.who
      ? a.who > b.who
      : a.sender !== b.sender
        ? a.sender > b.sender
        : a.seq > b.seq;

interface Held extends Key {
  ref: MessageRef;
  message: DataMessage;
  final: boolean;
  /** When the proposal was (last) sent. */
  since: number;
  /** When the message was put in the hold-back queue. */
  arrived: number;
}

interface Deciding {
  ref: MessageRef;
  waiting: Set<MemberId>;
  best: Key;
  since: number;
}

/** Decisions and early finals remembered (late proposals are answered from them): bounded memory. */
const MEMORY = 4096;

/**
 * Total order by ISIS agreed numbers. Each receiver proposes a number larger than any it has proposed
 * or seen agreed and holds the message back under it; the sender takes the largest proposal as the
 * agreed number and multicasts it; a receiver delivers its hold-back queue's head once the head's number
 * is agreed (every other message it holds has a larger number, tentative or not).
 *
 * Proposals follow per-sender order (the channel hands data over in sequence), which makes the total
 * order FIFO as well; the sender decides its messages in sequence and never lets a later one's number
 * fall below an earlier one's. Lost proposals and finals: a receiver repeats its proposal until the
 * number comes, and the sender answers a repeated proposal with the decision. A member that leaves is
 * no longer waited for. Best-effort: the sender decides with the proposals it has after `holdMs`, and a
 * receiver drops a message whose number never comes or comes below what it already delivered.
 */
export class IsisOrder extends Orderer {
  private readonly held = new Map<string, Held>();
  private readonly early = new Map<string, Key>();
  private readonly deciding = new Map<number, Deciding>();
  private readonly decided = new Map<number, Key>();
  private lastAgreed: Key | undefined;
  private lastDelivered: Key | undefined;
  private highest = 0;
  private timer: Timer | undefined;

  sent(message: DataMessage): void {
    const { n, who, sender, seq, since } = this.hold(message);
    const others = this.ctx.members().filter((m) => m !== this.ctx.self);
    this.deciding.set(seq, {
      ref: refOf(message),
      waiting: new Set(others),
      best: { n, who, sender, seq },
      since,
    });
    this.decide();
  }

  received(message: DataMessage): void {
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
    this.ctx.sendPropose(message.origin, ref, held.n);
    this.arm();
  }

  override proposed(p: ProposeMessage): void {
    if (p.ref.sender !== this.ctx.self || p.ref.inc !== this.ctx.inc) return;
    const known = this.decided.get(p.ref.seq);
    if (known) {
      this.ctx.sendFinal(p.ref.seq, known.n, known.who, p.origin); // it missed the final
      return;
    }
    const d = this.deciding.get(p.ref.seq);
    if (!d?.waiting.delete(p.origin)) return;
    const proposal = { n: p.proposal, who: p.origin, sender: p.ref.sender, seq: p.ref.seq };
    if (after(proposal, d.best)) d.best = proposal;
    this.decide();
  }

  override finalized(f: FinalMessage): void {
    this.agree(
      { sender: f.origin, inc: f.inc, seq: f.seq },
      { n: f.agreed, who: f.proposer, sender: f.origin, seq: f.seq },
    );
  }

  override get holding(): number {
    return this.held.size;
  }

  /**
   * The oldest held message (the map is in arrival order) and the agreed number delivery waits for: the
   * queue head's. At the head's sender, the members whose proposals have not come.
   */
  override stall(): Stall | undefined {
    const first = this.held.values().next().value;
    if (!first) return undefined;
    let head = first;
    for (const h of this.held.values()) if (after(head, h)) head = h;
    if (head.final) return undefined; // delivered at once: not a wait
    const deciding = head.sender === this.ctx.self ? this.deciding.get(head.seq) : undefined;
    const members = new Set(this.ctx.members());
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

  /** Puts a message in the hold-back queue, under a fresh proposal unless its number is known. */
  private hold(message: DataMessage, agreed?: Key): Held {
    const ref = refOf(message);
    const n = agreed?.n ?? ++this.highest;
    const held: Held = {
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
    return held;
  }

  /** Sender side: decides own messages, in sequence, once every member proposed (or, best-effort, on time). */
  private decide(force = false): void {
    const members = new Set(this.ctx.members());
    for (const [seq, d] of [...this.deciding].sort((a, b) => a[0] - b[0])) {
      for (const m of d.waiting) if (!members.has(m)) d.waiting.delete(m); // left: not waited for
      if (d.waiting.size > 0 && !(force && d.since + this.ctx.holdMs <= this.ctx.clock.now())) break;
      this.deciding.delete(seq);
      let agreed = d.best;
      if (this.lastAgreed && !after(agreed, this.lastAgreed)) {
        agreed = { n: this.lastAgreed.n + 1, who: this.ctx.self, sender: d.ref.sender, seq }; // keep FIFO
      }
      this.lastAgreed = agreed;
      remember(this.decided, seq, agreed);
      this.ctx.sendFinal(seq, agreed.n, agreed.who);
      this.agree(d.ref, agreed);
    }
    this.arm();
  }

  private agree(ref: MessageRef, agreed: Key): void {
    this.highest = Math.max(this.highest, agreed.n);
    const held = this.held.get(refKey(ref));
    if (!held) {
      // Data not here yet (best-effort, or it was never counted on): remember the number for it.
      if (!this.lastDelivered || after(agreed, this.lastDelivered)) remember(this.early, refKey(ref), agreed);
      return;
    }
    if (held.final) return;
    Object.assign(held, { n: agreed.n, who: agreed.who, final: true });
    this.deliverReady();
  }

  private deliverReady(): void {
    for (;;) {
      let head: Held | undefined;
      for (const h of this.held.values()) if (!head || after(head, h)) head = h;
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
      // Repeat proposals still without a number: the proposal or the final was lost.
      for (const h of this.held.values()) {
        if (!h.final && h.sender !== this.ctx.self && h.since + this.ctx.proposeRetryMs <= now) {
          this.ctx.sendPropose(h.sender, h.ref, h.n);
          h.since = now;
        }
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

function remember<K>(map: Map<K, Key>, key: K, value: Key): void {
  map.set(key, value);
  for (const old of map.keys()) {
    if (map.size <= MEMORY) break;
    map.delete(old);
  }
}
