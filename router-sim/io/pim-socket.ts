import type { RawSocket } from 'raw-socket';
import { ALL_PIM_ROUTERS, PIM_PROTOCOL } from '../wire/pim/message.js';
import type { Link } from './links.js';
import { openRawSocket } from './raw-socket.js';
import { joinGroupOn } from './socket-options.js';

/**
 * Receives PIM packets (IP protocol 103, IP header included): joins ALL-PIM-ROUTERS on every link so
 * the kernel delivers Hellos, Join/Prunes and Asserts; unicast Grafts and Graft-Acks arrive anyway.
 */
export class PimSocket {
  private readonly socket: RawSocket;

  constructor(links: readonly Link[], onPacket: (packet: Buffer) => void, onError: (error: Error) => void) {
    this.socket = openRawSocket(PIM_PROTOCOL, onError, onPacket);
    for (const link of links) joinGroupOn(this.socket, ALL_PIM_ROUTERS, link.ifindex);
  }

  close(): void {
    this.socket.close();
  }
}
