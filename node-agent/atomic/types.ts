import type { MemberSetup } from '../group-types/member-setup.js';
import type { Store } from '../store/store.js';
import type { PartitionMode } from '../views/partition.js';
import type { ViewRecord } from '../views/view-record.js';
import type { MemberId } from '../wire/messages.js';
import type { AtomicCounters } from './counters.js';

/** A member's setup (of its options, group, transport, peers and timing apply: atomic groups are always reliable, closed and FIFO), plus: */
export interface AtomicGroupSetup extends MemberSetup {
  /** Called once per installed view, in order with the deliveries. */
  viewInstalled?: (record: ViewRecord) => void;
  /** The node's persistent log: deliveries and views go here before they are handed out. */
  store: Store;
  partitionMode: PartitionMode;
  /** Uniform (safe) delivery: a message is delivered only once every member of the view has it. */
  uniform: boolean;
}

export type AtomicState = 'idle' | 'joining' | 'member' | 'flushing' | 'blocked' | 'left' | 'stopped';

export type AtomicSendResult =
  | { status: 'sent'; msgId: string; seq: number }
  | {
      status: 'blocked';
      /** joining: no view yet; flush: a view change is under way; no-quorum: primary partition lost. */
      reason: 'joining' | 'flush' | 'no-quorum' | 'window';
      ready: Promise<void>;
    }
  | { status: 'rejected'; reason: 'not-joined' | 'stopped' };

export interface ViewInfo {
  /** 0 while the member has no view. */
  id: number;
  coordinator: MemberId;
  members: MemberId[];
  /** Each member's incarnation, aligned with `members`. */
  incarnations: number[];
}

export interface AtomicStats extends AtomicCounters {
  group: string;
  state: AtomicState;
  joined: boolean;
  view: number;
  members: number;
  holding: number;
}
