import type { MemberId, MessageRef, SeqRange } from '../wire/messages.js';
import type { Member, View, ViewRef } from './view.js';

/**
 * The messages of view-synchronous (atomic) groups. Every message names its group, its origin (the
 * member that created it; a repair copy keeps the original's origin), the origin's incarnation and the
 * view it belongs to (the view number; 0 before a member has one).
 */
export interface VsEnvelope {
  group: string;
  origin: MemberId;
  inc: number;
  view: number;
  /** Hierarchical transport: set on the way to a subgroup coordinator, which relays it cleared. */
  relay: boolean;
}

/** How far one sender's stream goes: `next` is the first sequence number not covered. */
export interface StreamCut {
  sender: MemberId;
  inc: number;
  next: number;
}

/** A stream a member holds delivered messages of, from `from` up to (not including) `next`. */
export interface StreamSpan extends StreamCut {
  from: number;
}

export type MemberState = 'member' | 'joining' | 'blocked' | 'flushing';

/** A multicast message, numbered per sender incarnation across views, sent in the view `view`. */
export interface VsData extends VsEnvelope {
  type: 'data';
  seq: number;
  /** A copy sent again (repair, flush, catch-up) rather than the first multicast. */
  retransmit: boolean;
  /** A catch-up copy out of the sender's delivered history (answers a history fetch). */
  history: boolean;
  payload: Buffer;
  /**
   * Total-sequencer groups: ORDERs of the view's sequencer (its coordinator), the messages named in the
   * order they are to be delivered; such a message carries nothing for the application. Empty otherwise.
   */
  orders: MessageRef[];
  /** Total-isis groups: agreed numbers of the origin's own messages (nothing for the application either). */
  finals: AgreedNumber[];
}

/** ISIS: the agreed number of message `ref`, ties broken by the proposer's id. */
export interface AgreedNumber {
  ref: MessageRef;
  agreed: number;
  proposer: MemberId;
}

/** ISIS: the origin proposes `proposal` as the number of message `ref` (sent to its sender). */
export interface VsPropose extends VsEnvelope {
  type: 'propose';
  ref: MessageRef;
  proposal: number;
}

/** Heartbeat: liveness, the origin's view as others should see it, and its receive positions. */
export interface VsStatus extends VsEnvelope {
  type: 'status';
  state: MemberState;
  coordinator: MemberId;
  size: number;
  digest: StreamCut[];
}

/** Asks the receiver for copies of `sender`'s messages in `ranges` (history: delivered ones, any view). */
export interface VsFetch extends VsEnvelope {
  type: 'fetch';
  sender: MemberId;
  senderInc: number;
  history: boolean;
  ranges: SeqRange[];
}

/** Asks coordinator `to` to add the origin to the view; `catchUp`: send the history it missed too. */
export interface VsJoin extends VsEnvelope {
  type: 'join';
  to: MemberId;
  catchUp: boolean;
}

export interface VsLeave extends VsEnvelope {
  type: 'leave';
  to: MemberId;
}

/** View change, phase 1: stop sending and report what you received in this view. */
export interface VsPrepare extends VsEnvelope {
  type: 'prepare';
  attempt: number;
  /** The proposer's view (envelope `view` is its number). */
  coordinator: MemberId;
  members: Member[];
  /** The members the proposer still hears: the flush waits for them; the rest are excluded. */
  survivors: Member[];
}

export interface VsFlushOk extends VsEnvelope {
  type: 'flush-ok';
  attempt: number;
  proposer: MemberId;
  digest: StreamCut[];
}

/** Phase 2: the union of what survivors received; get what you miss (from the proposer) and say done. */
export interface VsCut extends VsEnvelope {
  type: 'cut';
  attempt: number;
  proposer: MemberId;
  cut: StreamCut[];
}

export interface VsCutDone extends VsEnvelope {
  type: 'cut-done';
  attempt: number;
  proposer: MemberId;
}

/**
 * Phase 3, self-contained so a member that missed it can be handed it later: deliver everything of
 * view `prev` below `cut`, then install `next` (absent when the view dissolves into `dissolveInto`'s).
 * `history` is what the installer has delivered ever: where joiners start, and what they may catch up.
 */
export interface VsInstall extends VsEnvelope {
  type: 'install';
  attempt: number;
  prev: ViewRef | undefined;
  cut: StreamCut[];
  next: View | undefined;
  history: StreamSpan[];
  dissolveInto: MemberId | undefined;
}

/** Asks for the install that made the receiver's current view (a member that fell behind, or a stranger). */
export interface VsSync extends VsEnvelope {
  type: 'sync';
}

export type VsMessage =
  | VsData
  | VsStatus
  | VsFetch
  | VsJoin
  | VsLeave
  | VsPrepare
  | VsFlushOk
  | VsCut
  | VsCutDone
  | VsInstall
  | VsSync
  | VsPropose;
