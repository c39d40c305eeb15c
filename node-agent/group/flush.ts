import type { Clock, Timer } from '../../common/clock.js';
import type { Random } from '../../common/sim/random.js';
import type { Timing } from '../group-types/options.js';
import type { FlushMessage, MemberId, VectorEntry } from '../wire/messages.js';

type Body = Pick<FlushMessage, 'phase' | 'id' | 'initiator' | 'cut'>;

export interface FlushHooks {
  self: MemberId;
  clock: Clock;
  random: Random;
  timing: Timing;
  /** Best-effort groups cannot wait for every message: a cut counts as reached after a hold time. */
  reliable: boolean;
  members(): MemberId[];
  /** Multicasts a flush message, or sends it to one member. */
  send(body: Body, to?: MemberId): void;
  /** This member's next own sequence number. */
  nextSeq(): number;
  /** Whether everything below the cut is delivered here. */
  reached(cut: readonly VectorEntry[]): boolean;
  /** No flush blocks sending any more. */
  unblocked(): void;
}

interface Blocking {
  since: number;
  cut?: VectorEntry[];
  cutAt?: number;
  done: boolean;
}

interface Initiated {
  id: number;
  phase: 'start' | 'cut';
  members: Set<MemberId>;
  oks: Map<MemberId, number>;
  dones: Set<MemberId>;
  cut: VectorEntry[];
  resolve: () => void;
  promise: Promise<void>;
}

/** Finished flushes remembered, so a late duplicate of their start does not block again. */
const FINISHED_MEMORY = 256;

/**
 * Sync/flush: everything sent before a flush is delivered everywhere before anything sent after it.
 *   start  initiator → all: stop sending; each member answers `ok` with its next sequence number;
 *   cut    initiator → all: those numbers; each member answers `done` once it delivered everything below;
 *   stop   initiator → all: send again; the initiator's flush() resolves.
 * Sends are refused (back-pressure) while any flush blocks. The initiator repeats unanswered phases; a
 * member that answered `done` repeats it until it hears `stop` (answered from memory once finished);
 * a member that never hears the end unblocks after `flushLeaseMs`. Members that leave are not waited for.
 */
export class Flush {
  private readonly blocking = new Map<string, Blocking>();
  private readonly finished = new Set<string>();
  private initiated: Initiated | undefined;
  private timer: Timer | undefined;

  constructor(private readonly hooks: FlushHooks) {}

  get blocked(): boolean {
    return this.blocking.size > 0;
  }

  start(): Promise<void> {
    if (this.initiated) return this.initiated.promise;
    const { self } = this.hooks;
    let resolve = () => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    const id = this.hooks.random.int(0xffffffff);
    this.initiated = {
      id,
      phase: 'start',
      members: new Set(this.hooks.members()),
      oks: new Map(),
      dones: new Set(),
      cut: [],
      resolve,
      promise,
    };
    this.post({ phase: 'start', id, initiator: self, cut: [] });
    this.arm();
    return promise;
  }

  receive(message: FlushMessage): void {
    const { phase, id, initiator, origin } = message;
    const key = `${initiator}\u0000${id}`;
    if (phase === 'start' || phase === 'cut') {
      if (this.finished.has(key)) return;
      const entry = this.blocking.get(key) ?? { since: this.hooks.clock.now(), done: false };
      this.blocking.set(key, entry);
      if (phase === 'start') {
        this.post(
          { phase: 'ok', id, initiator, cut: [{ member: this.hooks.self, value: this.hooks.nextSeq() }] },
          initiator,
        );
      } else {
        entry.cut = message.cut;
        entry.cutAt ??= this.hooks.clock.now();
        entry.done = false; // a repeated cut: answer again
        this.check();
      }
      this.arm();
      return;
    }
    if (phase === 'stop') {
      this.finish(key);
      return;
    }
    // ok / done: answers to a flush this member initiated.
    const own = this.initiated;
    if (initiator !== this.hooks.self) return;
    if (!own || own.id !== id) {
      if (this.finished.has(key)) this.post({ phase: 'stop', id, initiator, cut: [] }, origin);
      return;
    }
    if (phase === 'ok') own.oks.set(origin, message.cut[0]?.value ?? 0);
    else own.dones.add(origin);
    this.progress();
  }

  /** Called after each delivery: a member waiting on a cut may now be done. */
  check(): void {
    for (const [key, entry] of this.blocking) {
      if (!entry.cut || entry.done) continue;
      const waitedOut =
        !this.hooks.reliable && this.hooks.clock.now() - (entry.cutAt ?? 0) >= this.hooks.timing.holdMs;
      if (!this.hooks.reached(entry.cut) && !waitedOut) continue;
      entry.done = true;
      const { id, initiator } = this.parse(key);
      this.post({ phase: 'done', id, initiator, cut: [] }, initiator);
    }
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.blocking.clear();
    this.initiated?.resolve();
    this.initiated = undefined;
  }

  private progress(): void {
    const own = this.initiated;
    if (!own) return;
    const present = new Set(this.hooks.members());
    for (const m of own.members) if (!present.has(m) && m !== this.hooks.self) own.members.delete(m);
    const all = (answered: { has(m: MemberId): boolean }) => [...own.members].every((m) => answered.has(m));
    if (own.phase === 'start' && all(own.oks)) {
      own.phase = 'cut';
      own.cut = [...own.oks].map(([member, value]) => ({ member, value }));
      this.post({ phase: 'cut', id: own.id, initiator: this.hooks.self, cut: own.cut });
    } else if (own.phase === 'cut' && all(own.dones)) {
      this.initiated = undefined;
      this.post({ phase: 'stop', id: own.id, initiator: this.hooks.self, cut: [] });
      own.resolve();
    }
  }

  private finish(key: string): void {
    this.finished.add(key);
    for (const old of this.finished) {
      if (this.finished.size <= FINISHED_MEMORY) break;
      this.finished.delete(old);
    }
    if (this.blocking.delete(key) && this.blocking.size === 0) this.hooks.unblocked();
  }

  /** Sends to others and handles its own copy at once (the initiator is a member too). */
  private post(body: Body, to?: MemberId): void {
    const { self } = this.hooks;
    if (to !== self) this.hooks.send(body, to);
    if (to === undefined || to === self) {
      this.receive({ ...body, type: 'flush', group: '', origin: self, view: 0, relay: false });
    }
  }

  /** While a flush is under way: repeat what may have been lost, and let expired leases go. */
  private arm(): void {
    if (this.timer || (!this.initiated && this.blocking.size === 0)) return;
    this.timer = this.hooks.clock.setTimer(this.hooks.timing.flushRetryMs, () => {
      this.timer = undefined;
      const now = this.hooks.clock.now();
      const own = this.initiated;
      if (own) {
        this.progress();
        if (this.initiated === own) {
          const phase = own.phase;
          this.hooks.send({
            phase,
            id: own.id,
            initiator: this.hooks.self,
            cut: phase === 'cut' ? own.cut : [],
          });
        }
      }
      this.check();
      for (const [key, entry] of this.blocking) {
        if (entry.since + this.hooks.timing.flushLeaseMs <= now) this.finish(key);
        else if (entry.done) {
          const { id, initiator } = this.parse(key);
          if (initiator !== this.hooks.self)
            this.hooks.send({ phase: 'done', id, initiator, cut: [] }, initiator);
        }
      }
      this.arm();
    });
  }

  private parse(key: string): { id: number; initiator: MemberId } {
    const [initiator = '', id = '0'] = key.split('\u0000');
    return { id: Number(id), initiator };
  }
}
