import type { RawSocket } from 'raw-socket';
import { openRawSocket } from './raw-socket.js';
import { joinGroupOn } from './socket-options.js';

const IPPROTO_IGMP = 2;
/** Where IGMPv3 reports (RFC 3376 §4.2.14) and IGMPv2 leaves (RFC 2236 §3) are sent. */
const ALL_IGMPV3_ROUTERS = '224.0.0.22';
const ALL_ROUTERS = '224.0.0.2';

/** A raw IGMP socket: every IGMP packet the host accepts, IP header included. */
export function openIgmpSocket(
  onPacket: (packet: Buffer) => void,
  onError: (error: Error) => void,
): RawSocket {
  return openRawSocket(IPPROTO_IGMP, onError, onPacket);
}

/**
 * Makes the routers' IGMP destinations reach the socket on one interface: the kernel accepts
 * local-control multicast only for groups the host joined (224.0.0.1 it always has).
 */
export function listenForIgmp(socket: RawSocket, ifindex: number): void {
  for (const group of [ALL_IGMPV3_ROUTERS, ALL_ROUTERS]) joinGroupOn(socket, group, ifindex);
}
