/**
 * Where multicast forwarding happens: the Linux kernel (driven through the mroute API) in containers,
 * a simulated table in the simulator. Protocol logic programs routes and hears upcalls through this.
 */

/** A virtual interface: one per router interface taking part in multicast routing. */
export interface Vif {
  index: number;
  name: string;
  ifindex: number;
  address: string;
  /**
   * The register VIF of PIM sparse mode (Linux VIFF_REGISTER, the `pimreg` device): packets routed to it
   * come back to the daemon as WHOLEPKT upcalls, and Registers the kernel decapsulates arrive on it.
   * `ifindex` is ignored.
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
 * Kernel upcalls: `nocache` — a packet with no (S,G) entry arrived on `vif`; `wrongvif` — one arrived
 * on another interface than the entry's iif (PIM asserts need it); `wholepkt` — a packet for the
 * register VIF, with its bytes.
 */
export type Upcall =
  | { kind: 'nocache' | 'wrongvif'; vif: number; source: string; group: string }
  | { kind: 'wholepkt'; vif: number; source: string; group: string; packet: Buffer };

export interface ForwardingPlane {
  addVif(vif: Vif): void;
  /** Adds or replaces the (S,G) entry. */
  setRoute(entry: MrouteEntry): void;
  deleteRoute(source: string, group: string): void;
  routes(): Promise<MrouteCounters[]>;
  vifs(): Promise<VifCounters[]>;
  onUpcall(handler: (upcall: Upcall) => void): void;
  close(): void;
}
