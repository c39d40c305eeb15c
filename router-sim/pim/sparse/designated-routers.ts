import type { Clock } from '../../../common/clock.js';
import type { PimInterface } from '../common/interface.js';

/**
 * I_am_DR(I) (§4.3.2) per interface, elected once per instant: the macros ask for it over and over.
 * A neighbor coming, going or changing its DR Priority calls for a new election (`forget`).
 */
export class DesignatedRouters {
  private readonly elected = new Map<number, { at: number; iAmDr: boolean }>();

  constructor(
    private readonly clock: Clock,
    private readonly interfaces: ReadonlyMap<number, PimInterface>,
  ) {}

  iAmDr(vif: number): boolean {
    const now = this.clock.now();
    const known = this.elected.get(vif);
    if (known?.at === now) return known.iAmDr;
    const pim = this.interfaces.get(vif);
    const iAmDr = pim !== undefined && pim.dr() === pim.address;
    this.elected.set(vif, { at: now, iAmDr });
    return iAmDr;
  }

  forget(): void {
    this.elected.clear();
  }
}
