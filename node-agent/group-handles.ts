import { AtomicGroupMember } from './atomic/member.js';
import { GroupMember } from './group/member.js';
import type { DeliveryRecord } from './group-types/delivery-record.js';
import type { MemberSetup } from './group-types/member-setup.js';
import { openFileStore } from './store/file-store.js';
import { TwoPhaseCommit, type Vote } from './twopc/two-phase-commit.js';
import type { ViewRecord } from './views/view-record.js';

/** What the agent's verbs need of a group, plain or atomic. */
export interface GroupHandle {
  join(): void;
  leave(): Promise<void>;
  stop(): void;
  receive(bytes: Buffer, from: string): void;
  sendWhenReady(payload: Buffer): Promise<{ seq: number }>;
  /** Members, view and, for atomic groups, the coordinator and the member's state. */
  membership(): { members: string[]; view: number; coordinator?: string; state?: string };
  stats(): object;
  /** Plain groups only: atomic groups flush on every view change. */
  flush?(): Promise<void>;
  /** Atomic groups only. */
  twoPhaseCommit?: TwoPhaseCommit;
}

/** A member's setup, its deliveries going to one log. */
export interface HandleSetup extends Omit<MemberSetup, 'deliver' | 'wallClock'> {
  /** Messages and, in atomic groups, views, in delivery order. */
  log: (record: DeliveryRecord | ViewRecord) => void;
}

export function plainGroup(setup: HandleSetup): GroupHandle {
  const member = new GroupMember({ ...setup, deliver: (record) => setup.log(record) });
  return {
    join: () => member.join(),
    leave: async () => {
      member.leave();
      member.stop();
    },
    stop: () => member.stop(),
    receive: (bytes, from) => member.receive(bytes, from),
    sendWhenReady: (payload) => member.sendWhenReady(payload),
    membership: () => ({ members: member.members(), view: member.stats().view }),
    stats: () => member.stats(),
    flush: () => member.flush(),
  };
}

/**
 * An atomic group: views, virtual synchrony and a store (an fsynced file in the node's run directory,
 * which outlives a crash) from which a restarted member catches up; two-phase commit on top, voting
 * as `vote()` says at the time.
 */
export function atomicGroup(
  setup: HandleSetup & {
    storePath: string;
    uniform: boolean;
    partitionMode: 'merge' | 'primary';
    vote: () => Vote;
  },
): GroupHandle {
  const store = openFileStore(setup.storePath);
  const member = new AtomicGroupMember({
    ...setup,
    store,
    uniform: setup.uniform,
    partitionMode: setup.partitionMode,
    deliver: (record) => setup.log(record),
    viewInstalled: (record) => setup.log(record),
  });
  const twoPhaseCommit = new TwoPhaseCommit({ member, store, vote: () => setup.vote() });
  return {
    join: () => member.join(),
    leave: () => member.leave(),
    stop: () => {
      twoPhaseCommit.stop();
      member.stop();
      store.close();
    },
    receive: (bytes, from) => member.receive(bytes, from),
    sendWhenReady: (payload) => member.sendWhenReady(payload),
    membership: () => {
      const view = member.view();
      return {
        members: [...view.members],
        view: view.id,
        coordinator: view.coordinator,
        state: member.state(),
      };
    },
    stats: () => member.stats(),
    twoPhaseCommit,
  };
}
