import type { Clock } from '../../../common/clock.js';
import type { EventSink } from '../../../common/protocol-events.js';
import type { Random } from '../../../common/sim/random.js';
import type { ForwardingPlane } from '../../fib/forwarding-plane.js';
import type { Rpf } from '../../rib/rpf.js';
import type { PimPort } from './port.js';
import type { PimTimers } from './timers.js';

/** What a PIM router takes in either mode: its interfaces, the plane it programs, and its edges. */
export interface PimRouterOptions {
  clock: Clock;
  timers: PimTimers;
  random: Random;
  /** `name` (eth1), where known, names the interface in events. */
  interfaces: { vif: number; address: string; prefixLength: number; name?: string }[];
  port: PimPort;
  plane: ForwardingPlane;
  /** The unicast route to an address (a source, or the RP); `neighbor` undefined: directly connected. */
  rpf(address: string): Rpf | undefined;
  hasLocalMembers(vif: number, group: string): boolean;
  /** Where neighbors and the protocol machines report what they do, if anywhere. */
  sink?: EventSink;
}
