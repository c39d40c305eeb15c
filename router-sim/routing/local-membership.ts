import type { Clock, Timer } from '../../common/clock.js';
import type { ForwardingPlane, Upcall } from '../fib/forwarding-plane.js';
import type { Membership } from './membership.js';

/**
 * Multicast routing without PIM (`pim: none`): one router forwards traffic from any of its subnets to
 * every other subnet where IGMP says the group has members. (S,G) entries are made on the first
 * packet (NOCACHE upcall), re-programmed whenever membership of G changes, and removed once idle.
 */
export class LocalMembershipRouting {
  /** `${source} ${group}` → iif and the packet count last seen */
  private readonly entries = new Map<
    string,
    { source: string; group: string; iif: number; packets: number }
  >();
  private idleCheck: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly plane: ForwardingPlane,
    private readonly membership: Membership,
    /** How often entries are checked: one that carried no packet since the last check is removed. */
    private readonly idleMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    this.scheduleIdleCheck();
  }

  stop(): void {
    this.stopped = true;
    this.idleCheck?.cancel();
  }

  /** `membership` already says the new state of `group`; its entries follow it. */
  membershipChanged(_vif: number, group: string): void {
    for (const entry of this.entries.values()) if (entry.group === group) this.program(entry);
  }

  onUpcall(upcall: Upcall): void {
    if (upcall.kind !== 'nocache') return;
    const entry = { source: upcall.source, group: upcall.group, iif: upcall.vif, packets: 0 };
    this.entries.set(`${entry.source} ${entry.group}`, entry);
    // An entry with no oifs is programmed too: it stops further upcalls for a group nobody wants here.
    this.program(entry);
  }

  private program(entry: { source: string; group: string; iif: number }): void {
    const oifs = this.membership.vifs(entry.group).filter((vif) => vif !== entry.iif);
    this.plane.setRoute({ source: entry.source, group: entry.group, iif: entry.iif, oifs });
  }

  private scheduleIdleCheck(): void {
    this.idleCheck = this.clock.setTimer(this.idleMs, () => {
      this.removeIdleEntries()
        .catch(this.onError)
        .finally(() => {
          if (!this.stopped) this.scheduleIdleCheck();
        });
    });
  }

  private async removeIdleEntries(): Promise<void> {
    const counters = await this.plane.routes();
    if (this.stopped) return;
    for (const [key, entry] of this.entries) {
      const now = counters.find((c) => c.source === entry.source && c.group === entry.group)?.packets ?? 0;
      if (now === entry.packets) {
        this.plane.deleteRoute(entry.source, entry.group);
        this.entries.delete(key);
      } else entry.packets = now;
    }
  }
}
