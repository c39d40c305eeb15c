import type { Clock } from '../../../common/clock.js';
import type { EventSink } from '../../../common/protocol-events.js';
import type { Random } from '../../../common/sim/random.js';
import { interfaceKey, observation } from '../../../common/state-machine.js';
import type { ForwardingPlane } from '../../fib/forwarding-plane.js';
import type { Rpf } from '../../rib/rpf.js';
import type { PimMessage } from '../../wire/pim/message.js';
import type { PimInterface } from '../common/interface.js';
import type { PimPort } from '../common/port.js';
import type { PimTimers } from '../common/timers.js';
import type { DownstreamContext } from './downstream.js';
import type { JoinPruneSender } from './join-prune-sender.js';
import type { SparseTimers } from './timers.js';
import type { UpstreamNeighbor } from './upstream.js';

/** When a last-hop DR leaves the RP tree for a source's shortest-path tree (SwitchToSptDesired). */
export type SptThreshold = 'immediate' | 'never' | { packets: number };

export interface SparsePort extends PimPort {
  /** Register and Register-Stop: unicast IP from `source` (one of my addresses) to `destination`, routed by the kernel. */
  unicast(message: PimMessage, source: string, destination: string): void;
}

/** What every (*,G) and (S,G) entry of a router shares. */
export interface SparseContext {
  clock: Clock;
  random: Random;
  timers: PimTimers;
  sparse: SparseTimers;
  port: SparsePort;
  plane: ForwardingPlane;
  registerVif: number;
  sptThreshold: SptThreshold;
  interfaces: ReadonlyMap<number, PimInterface>;
  sender: JoinPruneSender;
  hasLocalMembers(vif: number, group: string): boolean;
  /** The unicast route to `address` through one of the router's PIM interfaces. */
  rpf(address: string): Rpf | undefined;
  isMyAddress(address: string): boolean;
  /** I_am_DR(I) (§4.3.2). */
  iAmDr(vif: number): boolean;
  /** Where the machines report their transitions, if anywhere. */
  sink?: EventSink;
}

/** A fresh t_override for interface `vif`: random below its Effective_Override_Interval (§4.5.6). */
export function tOverride(context: SparseContext, vif: number | undefined): number {
  const pim = vif === undefined ? undefined : context.interfaces.get(vif);
  const interval = pim?.lanPruneDelay().overrideInterval ?? context.timers.overrideInterval;
  return context.random.next() * interval;
}

/** J/P_Override_Interval(I) where other routers may override a Prune, else 0 (§4.5.2). */
function prunePendingTime(context: SparseContext, vif: number): number {
  const pim = context.interfaces.get(vif);
  return pim && pim.neighbors.size > 1 ? pim.joinPruneOverrideInterval() : 0;
}

/** What a downstream machine of interface `vif` needs; `changed` re-evaluates its entry. */
export function downstreamContext(
  context: SparseContext,
  vif: number,
  /** The table and the entry it runs for, as transitions are reported: `(S,G,rpt)`, say. */
  named: { machine: string; entry: string },
  changed: () => void,
  sendPruneEcho: () => void = () => {},
): DownstreamContext {
  return {
    observed: observation(
      context.sink,
      named.machine,
      `${named.entry} ${interfaceKey(vif, context.interfaces.get(vif)?.name)}`,
    ),
    clock: context.clock,
    prunePendingTime: () => prunePendingTime(context, vif),
    sendPruneEcho,
    changed,
  };
}

/** The machine of `vif` in `machines`, made on first use. */
export function machineOn<M>(machines: Map<number, M>, vif: number, make: () => M): M {
  let machine = machines.get(vif);
  if (!machine) {
    machine = make();
    machines.set(vif, machine);
  }
  return machine;
}

export function sameNeighbor(a: UpstreamNeighbor | undefined, b: UpstreamNeighbor | undefined): boolean {
  return a !== undefined && b !== undefined && a.vif === b.vif && a.address === b.address;
}
