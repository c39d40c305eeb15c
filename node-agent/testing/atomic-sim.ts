import type { Impairments } from '../../common/sim/lan.js';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { AtomicGroupMember } from '../atomic/member.js';
import type { AtomicOrdering } from '../atomic/ordering.js';
import type { GroupPort } from '../group-types/group-port.js';
import type { Timing, TransportKind } from '../group-types/options.js';
import { MemoryStore, type Store } from '../store/store.js';
import type { PartitionMode } from '../views/partition.js';
import type { LogEntry } from '../views/view-record.js';
import type { MemberId } from '../wire/messages.js';
import { SIM_GROUP } from './group-sim.js';
import { SimGroupNetwork } from './sim-network.js';

export interface AtomicSimSetup {
  seed: number;
  /** Members h1…hN. */
  members: number;
  transport?: TransportKind;
  partitionMode?: PartitionMode;
  uniform?: boolean;
  /** fifo (default) or total-sequencer. */
  ordering?: AtomicOrdering;
  impairments?: Impairments;
  timing?: Partial<Timing>;
  window?: number;
  /** Opens a member's store, at the start and at each restart (default: one MemoryStore per member). */
  openStore?: (id: MemberId) => Store;
  /** Called for each new member process, before it joins (to put layers such as 2PC on top). */
  onStart?: (id: MemberId, member: AtomicGroupMember, store: Store) => void;
}

/**
 * N atomic group members on one simulated network and virtual clock, each with a persistent in-memory
 * store, that can crash (stop, keeping the store), restart (a new member on the same store), crash in
 * the middle of a multicast, and be partitioned. Each member id has one delivery log across restarts,
 * as a node's `deliveries.jsonl` would: messages and views in order.
 */
export class AtomicSim {
  readonly clock = new VirtualClock();
  readonly network: SimGroupNetwork;
  readonly ids: MemberId[];
  readonly logs: Record<MemberId, LogEntry[]> = {};
  readonly stores = new Map<MemberId, Store>();
  private readonly members = new Map<MemberId, AtomicGroupMember>();
  private readonly ports = new Map<MemberId, GroupPort>();
  private readonly alive = new Set<MemberId>();
  private readonly budgets = new Map<MemberId, number>();
  private readonly restarts = new Map<MemberId, number>();
  private sides: MemberId[][] | undefined;

  constructor(private readonly setup: AtomicSimSetup) {
    this.ids = Array.from({ length: setup.members }, (_, i) => `h${i + 1}`);
    this.network = new SimGroupNetwork(
      this.clock,
      seededRandom(setup.seed),
      setup.impairments ?? {},
      this.ids,
    );
    for (const id of this.ids) {
      this.logs[id] = [];
      const port = this.network.attach(id, (bytes, from) => {
        if (this.alive.has(id) && this.connected(from, id)) this.members.get(id)?.receive(bytes, from);
      });
      this.ports.set(id, port);
      this.start(id);
    }
  }

  member(id: MemberId): AtomicGroupMember {
    const member = this.members.get(id);
    if (!member) throw new Error(`no member ${id}`);
    return member;
  }

  /** Every member joins, a few milliseconds apart; returns once they share one view (or the limit). */
  joinAll(limitMs = 10_000): boolean {
    for (const [i, id] of this.ids.entries()) this.clock.setTimer(i * 7, () => this.member(id).join());
    return this.runUntil(() => this.settled(this.ids), limitMs);
  }

  /** Whether these members are all in one view made of exactly them, and not in a view change. */
  settled(ids: readonly MemberId[]): boolean {
    const views = ids.map((id) => this.member(id).view());
    const [first] = views;
    return (
      first !== undefined &&
      views.every((v) => v.id === first.id && v.coordinator === first.coordinator) &&
      [...first.members].sort().join() === [...ids].sort().join() &&
      ids.every((id) => this.member(id).state() === 'member')
    );
  }

  /** The member dies: it stops at once (its store survives). */
  crash(id: MemberId): void {
    this.alive.delete(id);
    this.budgets.delete(id);
    this.members.get(id)?.stop();
    if (this.setup.openStore) this.stores.get(id)?.close(); // a new process opens it again
  }

  /** The member dies after `datagrams` more sends: the rest of a multicast in progress never leaves. */
  crashAfter(id: MemberId, datagrams: number): void {
    this.budgets.set(id, datagrams);
  }

  /** Cancels a pending `crashAfter`. */
  spare(id: MemberId): void {
    this.budgets.delete(id);
  }

  /** A new process for `id` on the same store; it joins (and catches up) right away. */
  restart(id: MemberId): AtomicGroupMember {
    this.crash(id);
    this.restarts.set(id, (this.restarts.get(id) ?? 0) + 1);
    const member = this.start(id);
    member.join();
    return member;
  }

  /** Only members on the same side hear each other (unlisted members hear nobody). */
  partition(sides: MemberId[][]): void {
    this.sides = sides;
  }

  heal(): void {
    this.sides = undefined;
  }

  /** Advances virtual time in steps until `until` holds or `limitMs` passed; returns whether it holds. */
  runUntil(until: () => boolean, limitMs: number): boolean {
    const deadline = this.clock.now() + limitMs;
    while (!until() && this.clock.now() < deadline) this.clock.advance(10);
    return until();
  }

  run(ms: number): void {
    this.clock.advance(ms);
  }

  isAlive(id: MemberId): boolean {
    return this.alive.has(id);
  }

  stopAll(): void {
    for (const id of this.ids) this.crash(id);
  }

  private start(id: MemberId): AtomicGroupMember {
    const port = this.ports.get(id) as GroupPort;
    const log = this.logs[id] as LogEntry[];
    const guarded: GroupPort = {
      multicast: (bytes) => this.spend(id) && port.multicast(bytes),
      unicast: (to, bytes) => this.spend(id) && port.unicast(to, bytes),
    };
    const index = this.ids.indexOf(id);
    const store = this.setup.openStore?.(id) ?? this.stores.get(id) ?? new MemoryStore();
    this.stores.set(id, store);
    const member = new AtomicGroupMember({
      clock: this.clock,
      random: seededRandom(
        this.setup.seed * 7919 + index * 31 + (this.restarts.get(id) ?? 0) * 1_000_003 + 1,
      ),
      self: id,
      options: {
        group: SIM_GROUP,
        transport: this.setup.transport ?? 'ip-multicast',
        reliability: 'nack',
        ordering: this.setup.ordering ?? 'fifo',
        closed: true,
        peers: this.ids,
        window: this.setup.window,
        timing: this.setup.timing,
      },
      port: guarded,
      store,
      partitionMode: this.setup.partitionMode ?? 'merge',
      uniform: this.setup.uniform ?? false,
      deliver: (record) => {
        if (this.members.get(id) === member && this.alive.has(id)) log.push(record);
      },
      viewInstalled: (record) => {
        if (this.members.get(id) === member && this.alive.has(id)) log.push(record);
      },
      wallClock: () => this.clock.now(),
    });
    this.members.set(id, member);
    this.alive.add(id);
    this.setup.onStart?.(id, member, store);
    return member;
  }

  /** Counts a datagram against a crash budget; false once the member is dead. */
  private spend(id: MemberId): boolean {
    if (!this.alive.has(id)) return false;
    const budget = this.budgets.get(id);
    if (budget === undefined) return true;
    if (budget <= 0) {
      this.budgets.delete(id);
      this.crash(id);
      return false;
    }
    this.budgets.set(id, budget - 1);
    return true;
  }

  private connected(a: MemberId, b: MemberId): boolean {
    return !this.sides || this.sides.some((side) => side.includes(a) && side.includes(b));
  }
}
