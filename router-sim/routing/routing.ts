import type { Upcall } from '../fib/forwarding-plane.js';

/** What decides the forwarding plane's routes: IGMP-only (`pim: none`) or PIM dense mode. */
export interface Routing {
  start(): void;
  onUpcall(upcall: Upcall): void;
  membershipChanged(vif: number, group: string, hasMembers: boolean): void;
  stop(): void;
}
