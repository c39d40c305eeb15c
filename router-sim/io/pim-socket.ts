import raw, { type RawSocket } from 'raw-socket';
import type { Link } from './links.js';
import { joinGroupOn } from './socket-options.js';

const PIM_PROTOCOL = 103;
const ALL_PIM_ROUTERS = '224.0.0.13';

/**
 * Receives PIM packets (IP protocol 103, IP header included): joins ALL-PIM-ROUTERS on every link so
 * the kernel delivers Hellos, Join/Prunes and Asserts; unicast Grafts and Graft-Acks arrive anyway.
 */
export class PimSocket {
  private readonly socket: RawSocket;

  constructor(links: readonly Link[], onPacket: (packet: Buffer) => void) {
    this.socket = raw.createSocket({ protocol: PIM_PROTOCOL, bufferSize: 65_536 });
    for (const link of links) joinGroupOn(this.socket, ALL_PIM_ROUTERS, link.ifindex);
    this.socket.on('message', (packet) => onPacket(packet));
  }

  close(): void {
    this.socket.close();
  }
}
