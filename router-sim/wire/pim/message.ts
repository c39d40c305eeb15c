/**
 * PIM messages as protocol logic sees them (RFC 7761 §4.9, RFC 3973 §4.7). Addresses are dotted
 * quads; times are in seconds as on the wire unless the name says Ms.
 */

/** RFC 3973 §4.7.5 / RFC 7761 §4.9.2 Hello options. */
export interface HelloOptions {
  /** Option 1: seconds a neighbor keeps us; 0xffff never expires, 0 means "forget me now". */
  holdtime?: number;
  /** Option 2: LAN Prune Delay. */
  lanPruneDelay?: { tBit: boolean; propagationDelayMs: number; overrideIntervalMs: number };
  /** Option 19. */
  drPriority?: number;
  /** Option 20. */
  generationId?: number;
  /** Option 21 (RFC 3973 §4.7.5): State Refresh capable, version 1, interval in seconds. */
  stateRefresh?: { version: number; intervalSeconds: number };
  /** Option 24: secondary addresses. */
  addressList?: string[];
}

/** An Encoded-Source address in a Join/Prune, Graft or Graft-Ack group set (RFC 7761 §4.9.1). */
export interface EncodedSource {
  address: string;
  maskLength: number;
  /** S bit: sparse mode (always set by RFC 7761 senders). */
  sparse: boolean;
  /** WC bit: wildcard, (*,G). */
  wildcard: boolean;
  /** RPT bit: the entry applies to the RP tree. */
  rpt: boolean;
}

export interface GroupSet {
  group: string;
  maskLength: number;
  /** Encoded-Group B bit (Bidirectional PIM, RFC 5015); decoders set it only when the bit is set. */
  bidir?: boolean;
  /** Encoded-Group Z bit (admin scope zone); decoders set it only when the bit is set. */
  adminScope?: boolean;
  joins: EncodedSource[];
  prunes: EncodedSource[];
}

/** Join/Prune (type 3), Graft (type 6) and Graft-Ack (type 7) share one layout (RFC 3973 §4.7.6-7). */
export interface JoinPruneLike {
  upstreamNeighbor: string;
  /** Seconds; ignored in Graft and Graft-Ack. */
  holdtime: number;
  groups: GroupSet[];
}

export interface Hello {
  type: 'hello';
  options: HelloOptions;
}

export interface JoinPrune extends JoinPruneLike {
  type: 'join-prune';
}

export interface Graft extends JoinPruneLike {
  type: 'graft';
}

export interface GraftAck extends JoinPruneLike {
  type: 'graft-ack';
}

/** Assert (type 5, RFC 3973 §4.7.8 / RFC 7761 §4.9.6). */
export interface Assert {
  type: 'assert';
  group: string;
  source: string;
  rptBit: boolean;
  metricPreference: number;
  metric: number;
}

/** State Refresh (type 9, RFC 3973 §4.7.9). */
export interface StateRefresh {
  type: 'state-refresh';
  group: string;
  source: string;
  originator: string;
  rptBit: boolean;
  metricPreference: number;
  metric: number;
  maskLength: number;
  ttl: number;
  pruneIndicator: boolean;
  pruneNow: boolean;
  assertOverride: boolean;
  intervalSeconds: number;
}

/**
 * Register (type 1, RFC 7761 §4.9.3): a multicast data packet unicast by a DR (or a PIM Multicast Border
 * Router) to the RP. A Null-Register carries only a dummy IP header naming the source and the group.
 */
export interface Register {
  type: 'register';
  /** B bit: sent by a PMBR for a source in a directly connected cloud, not by the source's DR. */
  border: boolean;
  /** N bit: a Null-Register, probing the RP before the Register-Suppression timer runs out. */
  nullRegister: boolean;
  /**
   * The encapsulated packet, IPv4 header included (for a Null-Register, the dummy header); its source and
   * destination are the S and G the Register is about. Decoders return a view into the decoded buffer.
   */
  packet: Buffer;
}

/** Register-Stop (type 2, RFC 7761 §4.9.4), unicast by the RP to the sender of a Register. */
export interface RegisterStop {
  type: 'register-stop';
  group: string;
  /** 0.0.0.0 stands for any source. */
  source: string;
}

export type PimMessage =
  | Hello
  | Register
  | RegisterStop
  | JoinPrune
  | Graft
  | GraftAck
  | Assert
  | StateRefresh;

/** PIM is IP protocol 103; link-local messages go to ALL-PIM-ROUTERS. */
export const PIM_PROTOCOL = 103;
export const ALL_PIM_ROUTERS = '224.0.0.13';
