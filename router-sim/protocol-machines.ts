import type { Clock } from '../common/clock.js';
import type { NodeConfig } from '../common/node-config.js';
import type { EventSink } from '../common/protocol-events.js';
import { interfaceKey, observation } from '../common/state-machine.js';
import { IgmpRouterInterface } from './igmp/router-interface.js';
import { igmpTimers } from './igmp/timers.js';
import type { PimRouterOptions } from './pim/common/router-options.js';
import { pimTimers } from './pim/common/timers.js';
import { DenseModeRouter } from './pim/dense/dense-router.js';
import type { SparsePort } from './pim/sparse/context.js';
import { SparseModeRouter } from './pim/sparse/sparse-router.js';
import { sparseTimers } from './pim/sparse/timers.js';
import type { IgmpMessage } from './wire/igmp/message.js';

/**
 * The protocol machines a router runs, built from its node configuration the same way whatever
 * carries their packets: the daemon's sockets and kernel plane, or the simulator's LANs and SimPlane.
 */

/** What the configuration says about the protocols. */
export type ProtocolSettings = Pick<NodeConfig, 'igmpVersion' | 'profile' | 'rps' | 'sptThreshold'>;

/** A router interface as the machines see it: VIF n is the n-th link. */
export interface ProtocolInterface {
  vif: number;
  /** The interface's name (eth1) where the router knows it: events name the interface by it. */
  name?: string;
  address: string;
  prefixLength: number;
}

/** An IGMP querier per interface, reporting membership changes with the interface's VIF. */
export function igmpQueriers(
  settings: ProtocolSettings,
  parts: {
    clock: Clock;
    interfaces: ProtocolInterface[];
    send(vif: number, message: IgmpMessage, destination: string): void;
    onMembership(vif: number, group: string, hasMembers: boolean): void;
    /** Where the queriers report their elections, if anywhere. */
    sink?: EventSink;
  },
): IgmpRouterInterface[] {
  const timers = igmpTimers(settings.profile);
  return parts.interfaces.map(
    ({ vif, name, address }) =>
      new IgmpRouterInterface({
        clock: parts.clock,
        address,
        version: settings.igmpVersion,
        timers,
        port: { send: (message, destination) => parts.send(vif, message, destination) },
        onMembership: (group, hasMembers) => parts.onMembership(vif, group, hasMembers),
        observed: observation(parts.sink, 'igmp-querier', interfaceKey(vif, name)),
      }),
  );
}

/** What a PIM router takes from its edges: all but the timers, which the profile gives. */
export type PimParts = Omit<PimRouterOptions, 'timers'>;

export function denseModeRouter(settings: ProtocolSettings, parts: PimParts): DenseModeRouter {
  return new DenseModeRouter({ ...parts, timers: pimTimers(settings.profile) });
}

/** Sparse mode with the configuration's static RPs; `registerVif` is already in the plane. */
export function sparseModeRouter(
  settings: ProtocolSettings,
  /** Registers and Register-Stops also leave through `port`, as routed unicast. */
  parts: PimParts & { registerVif: number; port: SparsePort },
): SparseModeRouter {
  const { sptThreshold } = settings;
  return new SparseModeRouter({
    ...parts,
    timers: pimTimers(settings.profile),
    sparse: sparseTimers(settings.profile),
    rps: settings.rps.map(({ address, groups }) => {
      const [group = '', maskLength = '4'] = groups.split('/');
      return { address, group, maskLength: Number(maskLength) };
    }),
    sptThreshold: typeof sptThreshold === 'number' ? { packets: sptThreshold } : sptThreshold,
  });
}
