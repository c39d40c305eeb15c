import { createSocket, type Socket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CounterTable } from '../group/counters.js';
import type { GroupAddress } from '../group/group-address.js';
import { decodeDatagram, encodeDatagram } from './datagram.js';

export interface SendOptions {
  count: number;
  size: number;
  ttl: number;
  /** Datagrams per second; 0 sends as fast as the socket takes them. */
  rate: number;
}

/**
 * Best-effort group traffic over real IP multicast on one interface. Each joined group gets its own
 * socket bound to the group address, so the kernel hands it only that group's datagrams.
 */
export class IpMulticastTransport {
  private readonly receivers = new Map<string, Socket>();
  private readonly sender: Socket;
  /** Settles once the sender is bound to the interface: sends wait for it. */
  private readonly senderReady: Promise<void>;
  private seq = 0;

  constructor(
    private readonly node: string,
    private readonly interfaceAddress: string,
    private readonly counters: CounterTable,
  ) {
    this.sender = createSocket({ type: 'udp4', reuseAddr: true });
    this.senderReady = bound(this.sender, 0, interfaceAddress).then(() => {
      this.sender.setMulticastInterface(interfaceAddress);
      this.sender.setMulticastLoopback(false);
    });
  }

  async join(group: GroupAddress): Promise<void> {
    if (this.receivers.has(group.address)) return;
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    socket.on('message', (datagram, from) => {
      const header = decodeDatagram(datagram);
      this.counters.countReceived(group.address, header?.from ?? from.address, datagram.length, header?.seq);
    });
    try {
      await bound(socket, group.port, group.address);
      socket.addMembership(group.address, this.interfaceAddress);
    } catch (err) {
      socket.close();
      throw err;
    }
    socket.on('error', () => this.leave(group)); // a receive socket that fails stops being a member
    this.receivers.set(group.address, socket);
    this.counters.of(group.address).joined = true;
  }

  leave(group: GroupAddress): boolean {
    const socket = this.receivers.get(group.address);
    if (!socket) return false;
    socket.dropMembership(group.address, this.interfaceAddress);
    socket.close();
    this.receivers.delete(group.address);
    this.counters.of(group.address).joined = false;
    return true;
  }

  async send(group: GroupAddress, options: SendOptions): Promise<number> {
    await this.senderReady;
    this.sender.setMulticastTTL(options.ttl);
    const gapMs = options.rate > 0 ? 1000 / options.rate : 0;
    const start = Date.now();
    for (let i = 0; i < options.count; i++) {
      const datagram = encodeDatagram({ from: this.node, seq: this.seq++, t: Date.now() }, options.size);
      await new Promise<void>((resolve, reject) =>
        this.sender.send(datagram, group.port, group.address, (err) => (err ? reject(err) : resolve())),
      );
      this.counters.countSent(group.address, datagram.length);
      if (gapMs > 0) await sleep(Math.max(0, start + (i + 1) * gapMs - Date.now()));
    }
    return options.count;
  }

  close(): void {
    for (const socket of this.receivers.values()) socket.close();
    this.receivers.clear();
    this.sender.close();
  }
}

function bound(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}
