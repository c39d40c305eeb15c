import type { RawSocket } from 'raw-socket';
import { openRawSocket } from './raw-socket.js';

import { IP_MULTICAST_LOOP, IPPROTO_IP, SO_BINDTODEVICE, SOL_SOCKET } from './socket-options.js';

const IPPROTO_RAW = 255;

/**
 * Sends complete IPv4 packets (header included, as the wire codecs build them) out of one interface,
 * or, with no interface, wherever the kernel routes their destination (unicast Registers). An
 * IPPROTO_RAW socket receives nothing, so the router never hears its own packets this way.
 */
export class RawSender {
  private readonly socket: RawSocket;

  constructor(interfaceName: string | undefined, onError: (error: Error) => void) {
    this.socket = openRawSocket(IPPROTO_RAW, onError);
    if (interfaceName !== undefined) {
      const name = Buffer.from(`${interfaceName}\0`);
      this.socket.setOption(SOL_SOCKET, SO_BINDTODEVICE, name, name.length);
    }
    this.socket.setOption(IPPROTO_IP, IP_MULTICAST_LOOP, Buffer.from([0, 0, 0, 0]), 4);
  }

  send(packet: Buffer, destination: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.send(packet, 0, packet.length, destination, (err) => (err ? reject(err) : resolve())),
    );
  }

  close(): void {
    this.socket.close();
  }
}
