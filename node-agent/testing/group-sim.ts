import type { Impairments } from '../../common/sim/lan.js';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { GroupMember } from '../group/member.js';
import type { DeliveryRecord } from '../group-types/delivery-record.js';
import type { GroupOptions } from '../group-types/options.js';
import type { MemberId } from '../wire/messages.js';
import { SimGroupNetwork } from './sim-network.js';

export const SIM_GROUP = '239.1.1.1:5000';

export interface SimGroupSetup {
  seed: number;
  /** Members h1…hN. */
  members: number;
  group: Omit<GroupOptions, 'group' | 'peers'>;
  impairments: Impairments;
  /** Per-member option overrides (e.g. an outsider configured differently). */
  overrides?: Record<MemberId, Partial<GroupOptions>>;
  tap?: (from: MemberId, to: MemberId | '*', bytes: Buffer) => void;
  /** Drops a datagram arriving at `to` when true (a receiver-specific loss the LAN cannot express). */
  drop?: (to: MemberId, from: MemberId, bytes: Buffer) => boolean;
}

export interface SimGroup {
  clock: VirtualClock;
  network: SimGroupNetwork;
  ids: MemberId[];
  members: Map<MemberId, GroupMember>;
  /** Each member's delivery log, in delivery order: what the checker reads. */
  logs: Record<MemberId, DeliveryRecord[]>;
  member(id: MemberId): GroupMember;
}

/** N group members on one simulated network and virtual clock, not yet joined. */
export function createSimGroup(setup: SimGroupSetup): SimGroup {
  const { seed } = setup;
  const clock = new VirtualClock();
  const ids = Array.from({ length: setup.members }, (_, i) => `h${i + 1}`);
  const network = new SimGroupNetwork(clock, seededRandom(seed), setup.impairments, ids, setup.tap);
  const logs: Record<MemberId, DeliveryRecord[]> = {};
  const members = new Map<MemberId, GroupMember>();
  ids.forEach((id, i) => {
    const log: DeliveryRecord[] = [];
    logs[id] = log;
    let member: GroupMember | undefined;
    const port = network.attach(id, (bytes, from) => {
      if (!setup.drop?.(id, from, bytes)) member?.receive(bytes, from);
    });
    member = new GroupMember({
      clock,
      random: seededRandom(seed * 7919 + i + 1),
      self: id,
      options: { ...setup.group, group: SIM_GROUP, peers: ids, ...setup.overrides?.[id] },
      port,
      deliver: (record) => log.push(record),
      wallClock: () => clock.now(),
    });
    members.set(id, member);
  });
  const member = (id: MemberId) => {
    const m = members.get(id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  };
  return { clock, network, ids, members, logs, member };
}

export interface SimScenario extends SimGroupSetup {
  /** How many members send (the first ones); default all. */
  senders?: number;
  messagesPerSender: number;
  /** Sends happen at random times within this window after the group settled. */
  sendWindowMs: number;
  /** Time for joins and heartbeats to spread before the first send (default 1000 ms). */
  settleMs?: number;
  /** Virtual time allowed for delivery after the last send (default 30 s). */
  deadlineMs?: number;
  /** Extra virtual time to run once everything is delivered (to watch buffers drain). */
  afterMs?: number;
}

export interface SimResult extends SimGroup {
  /** How many messages each sender sent (numbered from 0). */
  sent: Record<MemberId, number>;
  /** Reliable groups: every member delivered every message before the deadline. */
  complete: boolean;
}

/**
 * Runs one seeded schedule: every member joins, the group settles, then each sender sends its messages
 * at random times (retrying while back-pressure refuses them) until all is delivered or the deadline
 * passes. Members are stopped at the end. Deterministic for a seed.
 */
export function runGroupSim(scenario: SimScenario): SimResult {
  const group = createSimGroup(scenario);
  const { clock, ids, logs } = group;
  const plan = seededRandom(scenario.seed ^ 0x5eed);
  for (const member of group.members.values()) clock.setTimer(plan.next() * 50, () => member.join());
  const settle = scenario.settleMs ?? 1000;
  clock.advance(settle);

  const sent: Record<MemberId, number> = {};
  let pending = 0;
  for (const id of ids.slice(0, scenario.senders ?? ids.length)) {
    const member = group.member(id);
    sent[id] = 0;
    const times = Array.from(
      { length: scenario.messagesPerSender },
      () => plan.next() * scenario.sendWindowMs,
    );
    times.sort((a, b) => a - b);
    pending += times.length;
    // One send loop per sender, so its messages go out in order even when back-pressure delays some.
    let next = 0;
    const attempt = () => {
      const result = member.send(Buffer.from(`${id} message ${next}`));
      if (result.status === 'blocked') {
        clock.setTimer(5, attempt);
        return;
      }
      if (result.status !== 'sent') throw new Error(`${id} could not send: ${result.reason}`);
      sent[id] = (sent[id] ?? 0) + 1;
      pending--;
      next++;
      const at = times[next];
      if (at !== undefined) clock.setTimer(Math.max(0, at - (clock.now() - settle)), attempt);
    };
    clock.setTimer(times[0] ?? 0, attempt);
  }

  const total = () => Object.values(sent).reduce((a, b) => a + b, 0);
  const reliable = scenario.group.reliability !== 'best-effort';
  const done = () =>
    pending === 0 && (!reliable || Object.values(logs).every((log) => log.length === total()));
  const deadline = clock.now() + scenario.sendWindowMs + (scenario.deadlineMs ?? 30_000);
  while (!done() && clock.now() < deadline) clock.advance(20);
  // Best-effort: let held-back messages be given up or delivered.
  if (!reliable) clock.advance(1_000);
  const complete = done();
  if (scenario.afterMs) clock.advance(scenario.afterMs);
  for (const member of group.members.values()) member.stop();
  return { ...group, sent, complete };
}
