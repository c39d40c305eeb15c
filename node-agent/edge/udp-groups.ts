import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { bound } from '../best-effort/bind.js';
import type { GroupPort } from '../group-types/group-port.js';
import { bundleFrames, isBundle } from '../wire/bundle.js';
import { groupOf } from '../wire/frame.js';
import type { MemberId } from '../wire/messages.js';
import { Bundler } from './bundler.js';

/** Group communication's own ports: one for a group's multicast datagrams, one for member-to-member unicast. */
const GROUP_PORT = 5300;
const UNICAST_PORT = 5301;
/** Enough to cross the routers of any lab. */
const TTL = 16;
/**
 * Receive buffers as large as the host allows (net.core.rmem_max, 4 MiB here): a burst of a fast
 * sender otherwise overflows the default ~200 KiB and turns into loss the protocol must repair.
 */
const RECEIVE_BUFFER = 4 << 20;

export interface Peer {
  node: MemberId;
  address: string;
}

/** The group datagrams a UDP datagram carries: a bundle's, or itself. */
const framesOf = (bytes: Buffer): Buffer[] => (isBundle(bytes) ? bundleFrames(bytes) : [bytes]);

/** Where datagrams for one group go: its member's `receive`, with the member id of the hop they came from. */
type Receiver = (bytes: Buffer, from: MemberId) => void;

/**
 * Real UDP for group members: per group a socket bound to the group address (so the kernel hands it only
 * that group), one unicast socket shared by all groups (datagrams name their group), one multicast
 * sender, and one unicast sender per destination. What is sent to one destination in one turn of the
 * event loop is bundled (edge/bundler.ts). Members are node names; the lab's host list maps them
 * to addresses and back.
 *
 * Why a sender per destination: a crashed member's address never resolves (ARP), and until the kernel
 * gives up it queues the datagrams for it against the sending socket's buffer (~200 KiB). On a shared
 * socket, proposals or acks to one dead member would hold up heartbeats and data to everyone for seconds
 * at a time — enough for the live members to take each other for dead.
 */
export class UdpGroups {
  private readonly groups = new Map<string, { receiver: Receiver; socket?: Socket; bundler?: Bundler }>();
  private unicastSocket: Socket | undefined;
  private sender: Socket | undefined;
  private readonly unicastSenders = new Map<string, Bundler>();
  private readonly unicastSockets: Socket[] = [];
  private readonly byAddress: Map<string, MemberId>;
  private readonly byNode: Map<MemberId, string>;

  constructor(
    private readonly interfaceAddress: string,
    peers: Peer[],
    private readonly onError: (error: Error) => void,
  ) {
    this.byAddress = new Map(peers.map((p) => [p.address, p.node]));
    this.byNode = new Map(peers.map((p) => [p.node, p.address]));
  }

  /** Starts receiving for `group`; the multicast socket only when the group runs over IP multicast. */
  async open(group: string, receiver: Receiver, multicast: boolean): Promise<GroupPort> {
    await this.ensureShared();
    const sender = this.sender;
    const bundler = new Bundler((bytes) => sender?.send(bytes, GROUP_PORT, group, this.sendError));
    const entry: { receiver: Receiver; socket?: Socket; bundler: Bundler } = { receiver, bundler };
    this.groups.set(group, entry);
    if (multicast) {
      const socket = createSocket({ type: 'udp4', reuseAddr: true, recvBufferSize: RECEIVE_BUFFER });
      entry.socket = socket;
      socket.on('message', (bytes, from) => {
        for (const frame of framesOf(bytes)) this.dispatch(group, frame, from);
      });
      socket.on('error', this.onError);
      await bound(socket, GROUP_PORT, group);
      socket.addMembership(group, this.interfaceAddress);
    }
    return {
      multicast: (bytes) => bundler.add(bytes),
      unicast: (to, bytes) => {
        const address = this.byNode.get(to);
        if (address) this.unicastSender(address).add(bytes);
      },
    };
  }

  close(group: string): void {
    const entry = this.groups.get(group);
    this.groups.delete(group);
    entry?.socket?.close();
  }

  closeAll(): void {
    for (const { bundler } of this.groups.values()) bundler?.flush();
    for (const bundler of this.unicastSenders.values()) bundler.flush();
    for (const group of [...this.groups.keys()]) this.close(group);
    this.unicastSocket?.close();
    this.sender?.close();
    for (const socket of this.unicastSockets) socket.close();
    this.unicastSockets.length = 0;
    this.unicastSenders.clear();
  }

  /** What sends to `address` alone: its own socket (sends made while it binds are queued by dgram). */
  private unicastSender(address: string): Bundler {
    let bundler = this.unicastSenders.get(address);
    if (!bundler) {
      const socket = createSocket({ type: 'udp4', reuseAddr: true });
      socket.on('error', this.onError);
      socket.bind({ address: this.interfaceAddress, port: 0 });
      this.unicastSockets.push(socket);
      bundler = new Bundler((bytes) => socket.send(bytes, UNICAST_PORT, address, this.sendError));
      this.unicastSenders.set(address, bundler);
    }
    return bundler;
  }

  private readonly sendError = (error: Error | null) => {
    if (error) this.onError(error);
  };

  private dispatch(group: string, bytes: Buffer, from: RemoteInfo): void {
    const member = this.byAddress.get(from.address);
    // Our own multicasts do not loop back; anything from outside the lab's hosts is not a member.
    if (member !== undefined) this.groups.get(group)?.receiver(bytes, member);
  }

  private shared: Promise<void> | undefined;

  /** The sender and the unicast socket, made and bound once, whoever asks first. */
  private ensureShared(): Promise<void> {
    this.shared ??= this.openShared();
    return this.shared;
  }

  private async openShared(): Promise<void> {
    const sender = createSocket({ type: 'udp4', reuseAddr: true, recvBufferSize: RECEIVE_BUFFER });
    const unicast = createSocket({ type: 'udp4', reuseAddr: true, recvBufferSize: RECEIVE_BUFFER });
    this.sender = sender;
    this.unicastSocket = unicast;
    sender.on('error', this.onError);
    unicast.on('error', this.onError);
    unicast.on('message', (bytes, from) => {
      // Plain groups and atomic groups speak their own formats; both name their group in the same place.
      for (const frame of framesOf(bytes)) {
        const group = groupOf(frame);
        if (group !== undefined) this.dispatch(group, frame, from);
      }
    });
    await Promise.all([
      bound(sender, 0, this.interfaceAddress),
      bound(unicast, UNICAST_PORT, this.interfaceAddress),
    ]);
    sender.setMulticastInterface(this.interfaceAddress);
    sender.setMulticastLoopback(false);
    sender.setMulticastTTL(TTL);
  }
}
