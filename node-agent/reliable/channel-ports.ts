import type { Envelope, GroupMessage, MemberId, StreamKind, StreamMessage } from '../wire/messages.js';

/** What the reliable channel needs of its member: sending, the membership, and where messages go. */
export interface ChannelHooks {
  envelope(): Envelope;
  toAll(message: GroupMessage): void;
  toOne(to: MemberId, message: GroupMessage): void;
  /** Current members other than this one: whom stability and acks wait for. */
  others(): MemberId[];
  /** Whether this member receives (has joined); a non-member sender of an open group only sends. */
  receiving(): boolean;
  /** A stream message arrived for the first time, in whatever order. */
  arrived(message: StreamMessage): void;
  /** Stream messages in sequence order without gaps (best-effort: gaps given up after holdMs). */
  inOrder(message: StreamMessage): void;
  /** A stream is received from `base` on: messages below it are not for this member. */
  started(kind: StreamKind, origin: MemberId, base: number): void;
  /** Own messages became stable: there may be room to send again. */
  room(): void;
}

export interface ChannelLimits {
  /** ACK mode: unacknowledged own messages. */
  window: number;
  /** NACK mode: own messages not yet stable. */
  maxBuffered: number;
}
