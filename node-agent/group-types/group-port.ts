import type { MemberId } from '../wire/messages.js';

/** The edge a group member sends through: one datagram to the group address, or one to a member. */
export interface GroupPort {
  multicast(bytes: Buffer): void;
  unicast(to: MemberId, bytes: Buffer): void;
}
