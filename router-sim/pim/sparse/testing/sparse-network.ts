import type { EventSink } from '../../../../common/protocol-events.js';
import type { Impairments } from '../../../../common/sim/lan.js';
import { type PimTimers, pimTimers } from '../../common/timers.js';
import { SimNetwork } from '../../testing/sim-network.js';
import type { RpMapping } from '../rp.js';
import { SparseModeRouter, type SptThreshold } from '../sparse-router.js';
import { type SparseTimers, sparseTimers } from '../timers.js';

export type SparseNetwork = SimNetwork<SparseModeRouter>;

export interface SparseNetworkOptions {
  /** One RP for every group, or the mappings. */
  rp: string | RpMapping[];
  sptThreshold?: SptThreshold;
  timers?: PimTimers;
  sparse?: SparseTimers;
  /** DR Priority by router name (default 1). */
  drPriority?: Record<string, number>;
  seed?: number;
  impairments?: Impairments;
  /** Where a router reports its transitions (none by default). */
  sink?: (router: string) => EventSink;
}

/**
 * Sparse mode routers (fast timers unless told) on a simulated network. Each router's register VIF
 * comes after its LAN interfaces.
 */
export function sparseNetwork(options: SparseNetworkOptions): SparseNetwork {
  const { rp, sptThreshold = 'immediate', drPriority = {}, seed = 1, impairments = {} } = options;
  const timers = options.timers ?? pimTimers('fast');
  const sparse = options.sparse ?? sparseTimers('fast');
  const rps = typeof rp === 'string' ? [{ address: rp, group: '224.0.0.0', maskLength: 4 }] : rp;
  return new SimNetwork(
    (boot) => {
      const registerVif = boot.interfaces.length;
      boot.plane.addVif({
        index: registerVif,
        name: `${boot.name}-pimreg`,
        ifindex: 0,
        address: '0.0.0.0',
        register: true,
      });
      const priority = drPriority[boot.name];
      return new SparseModeRouter({
        ...boot,
        timers,
        sparse,
        registerVif,
        rps,
        sptThreshold,
        sink: options.sink?.(boot.name),
        ...(priority !== undefined && { drPriority: priority }),
      });
    },
    seed,
    impairments,
  );
}
