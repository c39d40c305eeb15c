import { createSocket, type Socket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GroupAddress } from '../group-types/group-address.js';
import { bound } from './bind.js';
import { decodeDatagram, encodeDatagram } from './datagram.js';
import type { CounterTable } from './traffic-counters.js';

/** Datagrams handed to the socket and not yet sent, at most (the send queue stays short). */
const IN_FLIGHT = 256;

export interface SendOptions {
  /** At most this many datagrams… */
  n: number;
  /** …until this time (performance.now()). */
  until: number;
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
  /** Joined groups by address, each with its own socket bound to (group, port). */
  private readonly receivers = new Map<string, { port: number; socket: Socket }>();
  /** One sending socket per TTL, so concurrent sends with different TTLs do not race on one option. */
  private readonly senders = new Map<number, Promise<Socket>>();
  private seq = 0;

  constructor(
    private readonly node: string,
    private readonly interfaceAddress: string,
    private readonly counters: CounterTable,
  ) {}

  async join(group: GroupAddress): Promise<void> {
    const joined = this.receivers.get(group.address);
    if (joined?.port === group.port) return;
    if (joined) throw new Error(`already a member of ${group.address} on port ${joined.port}`);
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    // Claimed before the first await, so a second join of the same group waits on nothing and returns.
    this.receivers.set(group.address, { port: group.port, socket });
    socket.on('message', (datagram, from) => {
      const header = decodeDatagram(datagram);
      this.counters.countReceived(group.address, header?.from ?? from.address, datagram.length, header?.seq);
    });
    try {
      await bound(socket, group.port, group.address);
      socket.addMembership(group.address, this.interfaceAddress);
    } catch (err) {
      this.receivers.delete(group.address);
      socket.close();
      throw err;
    }
    socket.on('error', () => this.leave(group)); // a receive socket that fails stops being a member
    this.counters.of(group.address).joined = true;
  }

  leave(group: GroupAddress): boolean {
    const joined = this.receivers.get(group.address);
    if (!joined) return false;
    this.receivers.delete(group.address);
    this.counters.of(group.address).joined = false;
    try {
      joined.socket.dropMembership(group.address, this.interfaceAddress);
    } finally {
      joined.socket.close();
    }
    return true;
  }

  async send(group: GroupAddress, options: SendOptions): Promise<number> {
    const sender = await this.senderFor(options.ttl);
    const gapMs = options.rate > 0 ? 1000 / options.rate : 0;
    const start = Date.now();
    // Datagrams in flight (handed to the socket, not yet sent): a window, not one at a time.
    let inFlight = 0;
    let failed: Error | undefined;
    let room: (() => void) | undefined;
    const sent = (err: Error | null) => {
      inFlight--;
      failed ??= err ?? undefined;
      room?.();
    };
    let i = 0;
    for (; i < options.n && performance.now() < options.until; i++) {
      while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (room = resolve));
      if (failed) throw failed;
      const datagram = encodeDatagram({ from: this.node, seq: this.seq++, t: Date.now() }, options.size);
      inFlight++;
      sender.send(datagram, group.port, group.address, sent);
      this.counters.countSent(group.address, datagram.length);
      if (gapMs > 0) await sleep(Math.max(0, start + (i + 1) * gapMs - Date.now()));
    }
    while (inFlight > 0) await new Promise<void>((resolve) => (room = resolve));
    if (failed) throw failed;
    return i;
  }

  close(): void {
    for (const { socket } of this.receivers.values()) socket.close();
    this.receivers.clear();
    for (const sender of this.senders.values())
      void sender.then(
        (socket) => socket.close(),
        () => {},
      );
    this.senders.clear();
  }

  private senderFor(ttl: number): Promise<Socket> {
    const existing = this.senders.get(ttl);
    if (existing) return existing;
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    const ready = bound(socket, 0, this.interfaceAddress).then(() => {
      socket.setMulticastInterface(this.interfaceAddress);
      socket.setMulticastLoopback(false);
      socket.setMulticastTTL(ttl);
      return socket;
    });
    this.senders.set(ttl, ready);
    ready.catch(() => this.senders.delete(ttl)); // a failed bind is retried by the next send
    return ready;
  }
}
