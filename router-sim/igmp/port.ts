import type { IgmpMessage } from '../wire/igmp/message.js';

/** Where the router's IGMP messages leave; the I/O edge wraps them in IPv4 with Router Alert and TTL 1. */
export interface IgmpPort {
  send(message: IgmpMessage, destination: string): void;
}

/** General queries go to all systems; group(-and-source)-specific ones to the group (RFC 3376 §4.1.12). */
export const ALL_SYSTEMS = '224.0.0.1';
