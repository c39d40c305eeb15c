import type { AtomicGroupMember } from '../atomic/member.js';
import type { DeliveryRecord } from '../group-types/delivery-record.js';
import type { Store } from '../store/store.js';
import type { ViewRecord } from '../views/view-record.js';
import { decodeTx, encodeTx, type Outcome, type TxMessage, type Vote } from './messages.js';
import { isTxStoreRecord, type TxStoreRecord } from './records.js';

export type { Outcome, Vote } from './messages.js';

export interface TwoPhaseCommitSetup {
  /** The group member it runs over; best with `uniform: true` (see twopc/README.md). */
  member: AtomicGroupMember;
  /** The same store the member uses: votes and decisions are logged there. */
  store: Store;
  /** This member's vote on a transaction (called once per transaction it takes part in). */
  vote: (tx: string, payload: Buffer) => Vote;
  /** A decision reached this member (once per transaction per process, in delivery order). */
  decided?: (tx: string, outcome: Outcome, payload: Buffer) => void;
}

interface Tx {
  id: string;
  payload: Buffer;
  /** `id#inc` of the coordinator (the member whose PREPARE started it). */
  coordinator: string | undefined;
  /** `id#inc` of every member of the view the PREPARE was delivered in: who must vote. */
  participants: string[] | undefined;
  votes: Map<string, Vote>;
  /** Logged here (a coordinator logs it before announcing it). */
  logged: Outcome | undefined;
  /** Final here: a DECISION was delivered, or the log says it was decided (before a restart). */
  announced: Outcome | undefined;
  /** A DECISION was delivered to this process (live or while catching up). */
  heard: boolean;
  sentDecision: boolean;
  began: boolean;
  waiters: ((outcome: Outcome) => void)[];
}

const key = (id: string, inc: number | string) => `${id}#${typeof inc === 'number' ? inc.toString(16) : inc}`;

/**
 * Two-phase commit over a view-synchronous group, as a library. Any member may coordinate:
 *   propose  log `begin`, multicast PREPARE; the participants are the members of the view PREPARE is
 *            delivered in (every member delivers it in the same view);
 *   vote     each participant asks its `vote` callback, logs the vote, multicasts VOTE;
 *   decide   commit iff every participant voted yes; abort on a no, or when a participant leaves the
 *            view before its vote was delivered. The coordinator logs the decision, then multicasts
 *            DECISION; each member logs it on delivery and hands it to `decided`.
 * Every member sees the same votes and views in the same relation (virtual synchrony), so every member
 * computes the same decision. When the coordinator is gone before announcing it, the coordinator of
 * the current view announces the same decision instead. A restarted member reads its log back, catches
 * up with the group and learns the decisions it missed; a coordinator that logged a decision nobody
 * announced announces it once it is back.
 */
export class TwoPhaseCommit {
  private readonly txs = new Map<string, Tx>();
  private readonly unsubscribe: (() => void)[];
  private rejoined = false;

  constructor(private readonly setup: TwoPhaseCommitSetup) {
    const { member, store } = setup;
    for (const r of store.records()) if (isTxStoreRecord(r, member.group)) this.recover(r);
    this.unsubscribe = [
      member.onDeliver((record, payload) => this.delivered(record, payload)),
      member.onView((record) => this.viewed(record)),
    ];
  }

  /** Runs a transaction with this member as coordinator; resolves with the group's decision. */
  propose(tx: string, payload: Buffer): Promise<Outcome> {
    const known = this.txs.get(tx);
    if (known?.announced) return Promise.resolve(known.announced);
    const entry = known ?? this.entry(tx, payload);
    const done = new Promise<Outcome>((resolve) => entry.waiters.push(resolve));
    if (!entry.began) {
      entry.began = true;
      this.log({ event: 'begin', tx, payload: payload.toString('base64') });
      this.multicast({ kind: 'prepare', tx, payload });
    }
    return done;
  }

  /** The decision this member knows: announced (final), or undefined while pending or unknown. */
  outcome(tx: string): Outcome | undefined {
    return this.txs.get(tx)?.announced;
  }

  /** Transactions this member has begun or voted on whose decision has not reached it yet. */
  inDoubt(): string[] {
    return [...this.txs.values()]
      .filter((t) => !t.announced && (t.began || t.votes.size > 0))
      .map((t) => t.id);
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
  }

  private recover(r: TxStoreRecord): void {
    const payload = r.event === 'begin' ? Buffer.from(r.payload, 'base64') : Buffer.alloc(0);
    const tx = this.txs.get(r.tx) ?? this.entry(r.tx, payload);
    if (r.event === 'begin') {
      tx.payload = payload;
      tx.began = true;
    } else if (r.event === 'decide') {
      tx.logged = r.outcome; // heard in a DECISION, or decided here as coordinator
      tx.announced = r.outcome;
    }
  }

  private entry(id: string, payload: Buffer): Tx {
    const tx: Tx = {
      id,
      payload,
      coordinator: undefined,
      participants: undefined,
      votes: new Map(),
      logged: undefined,
      announced: undefined,
      heard: false,
      sentDecision: false,
      began: false,
      waiters: [],
    };
    this.txs.set(id, tx);
    return tx;
  }

  private delivered(record: DeliveryRecord, bytes: Buffer): void {
    const message = decodeTx(bytes);
    if (!message) return;
    const tx = this.txs.get(message.tx) ?? this.entry(message.tx, Buffer.alloc(0));
    const from = key(record.sender, record.inc ?? '0');
    switch (message.kind) {
      case 'prepare':
        tx.payload = message.payload;
        tx.coordinator = from;
        // Catch-ups are history: the view it was delivered in is not this member's to vote in.
        if (!record.catchUp) {
          const view = this.setup.member.view();
          tx.participants = view.members.map((id, i) => key(id, view.incarnations[i] ?? 0));
          this.castVote(tx);
        }
        break;
      case 'vote':
        tx.votes.set(from, message.vote);
        break;
      case 'decision':
        this.announce(tx, message.outcome);
        return;
    }
    this.evaluate(tx);
  }

  private viewed(record: ViewRecord): void {
    for (const tx of this.txs.values()) this.evaluate(tx);
    if (record.prev === null && !this.rejoined) {
      // Back in the group (caught up): announce what this member decided before it went down.
      this.rejoined = true;
      for (const tx of this.txs.values()) {
        if (tx.logged && !tx.heard && !tx.sentDecision) {
          tx.sentDecision = true;
          this.multicast({ kind: 'decision', tx: tx.id, outcome: tx.logged });
        }
      }
    }
  }

  private castVote(tx: Tx): void {
    if (tx.announced) return;
    const me = key(this.setup.member.self, this.setup.member.incarnation());
    if (tx.votes.has(me)) return;
    const vote = this.setup.vote(tx.id, tx.payload);
    this.log({ event: 'vote', tx: tx.id, vote });
    this.multicast({ kind: 'vote', tx: tx.id, vote });
  }

  /** The decision, once the delivered votes and views settle it; announced by whoever is responsible. */
  private evaluate(tx: Tx): void {
    if (tx.announced || tx.sentDecision || !tx.participants) return;
    const view = this.setup.member.view();
    const present = new Set(view.members.map((id, i) => key(id, view.incarnations[i] ?? 0)));
    let outcome: Outcome | undefined;
    if ([...tx.votes.values()].includes('no')) outcome = 'abort';
    else if (tx.participants.every((p) => tx.votes.get(p) === 'yes')) outcome = 'commit';
    else if (tx.participants.some((p) => !tx.votes.has(p) && !present.has(p))) outcome = 'abort';
    if (!outcome) return;
    const me = key(this.setup.member.self, this.setup.member.incarnation());
    const coordinatorHere = tx.coordinator !== undefined && present.has(tx.coordinator);
    const responsible =
      tx.coordinator === me || (!coordinatorHere && view.members[0] === this.setup.member.self);
    if (!responsible) return;
    tx.sentDecision = true;
    if (!tx.logged) {
      tx.logged = outcome;
      this.log({ event: 'decide', tx: tx.id, outcome });
    }
    this.multicast({ kind: 'decision', tx: tx.id, outcome: tx.logged });
  }

  private announce(tx: Tx, outcome: Outcome): void {
    tx.heard = true;
    if (tx.announced) return;
    tx.announced = outcome;
    if (tx.logged !== outcome) {
      tx.logged = outcome;
      this.log({ event: 'decide', tx: tx.id, outcome });
    }
    this.setup.decided?.(tx.id, outcome, tx.payload);
    const waiters = tx.waiters;
    tx.waiters = [];
    for (const resolve of waiters) resolve(outcome);
  }

  private log(record: Omit<TxStoreRecord, 'type' | 'group'>): void {
    this.setup.store.append({ type: 'tx', group: this.setup.member.group, ...record } as TxStoreRecord);
  }

  private multicast(message: TxMessage): void {
    this.setup.member.sendWhenReady(encodeTx(message)).catch(() => {
      // The member stopped or left: a restarted process recovers from the log instead.
    });
  }
}
