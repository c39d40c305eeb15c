import type { PimMessage } from '../../wire/pim/message.js';

/**
 * Where a router's PIM messages leave. `destination` is ALL-PIM-ROUTERS (224.0.0.13) for messages to
 * the link, or a neighbor's unicast address (Graft and Graft Ack, RFC 3973 §4.4). The I/O edge wraps
 * them in IPv4 with TTL 1 from the router's address on `vif`.
 */
export interface PimPort {
  send(vif: number, message: PimMessage, destination: string): void;
}
