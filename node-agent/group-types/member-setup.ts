import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/sim/random.js';
import type { MemberId } from '../wire/messages.js';
import type { DeliveryRecord } from './delivery-record.js';
import type { GroupPort } from './group-port.js';
import type { GroupOptions } from './options.js';

/** What a group member, plain or atomic, is built from. */
export interface MemberSetup {
  clock: Clock;
  random: Random;
  /** This member's id (the node name, e.g. `h1`); the port maps ids to addresses. */
  self: MemberId;
  options: GroupOptions;
  port: GroupPort;
  /** Called once per delivered message, in delivery order, with its delivery-log record. */
  deliver: (record: DeliveryRecord, payload: Buffer) => void;
  /** Wall-clock milliseconds since epoch for records (default Date.now; a simulator passes virtual time). */
  wallClock?: () => number;
}
