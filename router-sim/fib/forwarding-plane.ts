import type { Register } from '../wire/pim/message.js';

/**
 * Where multicast forwarding happens: the Linux kernel in containers — through the mroute API where
 * the kernel has it, through nftables where it does not — and a simulated table in the simulator.
 * Protocol logic programs routes and hears upcalls through this.
 */

/** A virtual interface: one per router interface taking part in multicast routing. */
export interface Vif {
  index: number;
  name: string;
  ifindex: number;
  address: string;
  /**
   * The register VIF of PIM sparse mode (RFC 7761 §4.4; Linux VIFF_REGISTER): packets routed to it come
   * back to the daemon as WHOLEPKT upcalls, and the packets inside Registers addressed to this router
   * arrive on it (`decapsulate`). `ifindex` is ignored.
   */
  register?: boolean;
}

/** An (S,G) forwarding entry: packets from `source` to `group` arriving on `iif` go out of `oifs`. */
export interface MrouteEntry {
  source: string;
  group: string;
  iif: number;
  oifs: number[];
}

export interface MrouteCounters extends MrouteEntry {
  packets: number;
  bytes: number;
  /** Packets of this (S,G) that arrived on another interface than iif. */
  wrongIf: number;
}

export interface VifCounters {
  index: number;
  name: string;
  packetsIn: number;
  bytesIn: number;
  packetsOut: number;
  bytesOut: number;
}

/**
 * Upcalls: `nocache` — a packet with no (S,G) entry arrived on `vif`; `wrongvif` — one arrived on
 * another interface than the entry's iif (once WRONGVIF upcalls are enabled); `wholepkt` — a packet
 * for the register VIF, with its bytes.
 */
export type Upcall =
  | { kind: 'nocache' | 'wrongvif'; vif: number; source: string; group: string }
  | { kind: 'wholepkt'; vif: number; source: string; group: string; packet: Buffer };

export type PlaneKind = 'kernel-mroute' | 'nftables' | 'simulated';

export interface ForwardingPlane {
  readonly kind: PlaneKind;
  addVif(vif: Vif): void;
  /** Adds or replaces the (S,G) entry, keeping its counters. */
  setRoute(entry: MrouteEntry): void;
  deleteRoute(source: string, group: string): void;
  /** Resolves once every change asked for so far is in force. */
  settled(): Promise<void>;
  routes(): Promise<MrouteCounters[]>;
  vifs(): Promise<VifCounters[]>;
  onUpcall(handler: (upcall: Upcall) => void): void;
  /** Raises WRONGVIF upcalls from now on: PIM asserts (RFC 3973 §4.6) and SPT switchover (RFC 7761 §4.2). */
  enableWrongVifUpcalls(): void;
  /**
   * The receiving end of the register tunnel (RFC 7761 §4.4.2): a Register addressed to this router.
   * Unless it is a Null-Register, its packet arrives on the register VIF, if there is one.
   */
  decapsulate(register: Register): void;
  close(): void;
}
