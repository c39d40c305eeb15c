import type { Impairments } from '../../../../common/sim/lan.js';
import type { PimTimers } from '../../common/timers.js';
import { SimNetwork } from '../../testing/sim-network.js';
import { DenseModeRouter } from '../dense-router.js';

export type DenseNetwork = SimNetwork<DenseModeRouter>;

/** Dense mode routers with `timers` on a simulated network. */
export function denseNetwork(timers: PimTimers, seed = 1, impairments: Impairments = {}): DenseNetwork {
  return new SimNetwork((boot) => new DenseModeRouter({ ...boot, timers }), seed, impairments);
}
