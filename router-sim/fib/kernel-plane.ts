import { readFile } from 'node:fs/promises';
import type { RawSocket } from 'raw-socket';
import { openRawSocket } from '../io/raw-socket.js';
import { joinGroupOn } from '../io/socket-options.js';
import type { ForwardingPlane, MrouteEntry, Upcall, Vif } from './forwarding-plane.js';
import {
  decodeUpcall,
  IPPROTO_IP,
  int32,
  MRT_ADD_MFC,
  MRT_ADD_VIF,
  MRT_ASSERT,
  MRT_DEL_MFC,
  MRT_DONE,
  MRT_INIT,
  MRT_PIM,
  mfcctl,
  vifctl,
} from './mroute-api.js';
import { parseMrCache, parseMrVif } from './proc-counters.js';

const IPPROTO_IGMP = 2;

/**
 * Kernel multicast forwarding through the mroute API. The mroute socket is a raw IGMP socket: it
 * carries upcalls and also every IGMP packet the router receives, which go to `onIgmpPacket`.
 * One per network namespace (MRT_INIT fails if another process holds it).
 */
export class KernelPlane implements ForwardingPlane {
  private readonly socket: RawSocket;
  private readonly upcallHandlers: ((upcall: Upcall) => void)[] = [];

  constructor(onIgmpPacket: (packet: Buffer) => void, onError: (error: Error) => void) {
    this.socket = openRawSocket(IPPROTO_IGMP, onError, (datagram) => {
      const upcall = decodeUpcall(datagram);
      if (!upcall) onIgmpPacket(datagram);
      else for (const handler of this.upcallHandlers) handler(upcall);
    });
    this.socket.setOption(IPPROTO_IP, MRT_INIT, int32(1), 4);
  }

  addVif(vif: Vif): void {
    this.socket.setOption(IPPROTO_IP, MRT_ADD_VIF, vifctl(vif.index, vif.ifindex, vif.register), 16);
  }

  /**
   * Makes link-local IGMP destinations (224.0.0.22 for v3 reports, 224.0.0.2 for v2 leaves) reach
   * the socket on one interface: the kernel accepts local-control multicast only for joined groups.
   */
  listenOn(group: string, ifindex: number): void {
    joinGroupOn(this.socket, group, ifindex);
  }

  /** Asks the kernel for WRONGVIF upcalls (PIM asserts need them; RFC 3973 §4.6). */
  enableAssertUpcalls(): void {
    this.socket.setOption(IPPROTO_IP, MRT_ASSERT, int32(1), 4);
  }

  /**
   * PIM sparse mode (RFC 7761): the kernel decapsulates Registers sent to us onto the register VIF and
   * raises WRONGVIF for data on any interface other than an entry's iif, which SPT switchover needs.
   */
  enablePim(): void {
    this.socket.setOption(IPPROTO_IP, MRT_PIM, int32(1), 4);
  }

  setRoute(entry: MrouteEntry): void {
    this.socket.setOption(IPPROTO_IP, MRT_ADD_MFC, mfcctl(entry), 60);
  }

  deleteRoute(source: string, group: string): void {
    this.socket.setOption(IPPROTO_IP, MRT_DEL_MFC, mfcctl({ source, group }), 60);
  }

  async routes() {
    return parseMrCache(await readFile('/proc/net/ip_mr_cache', 'utf8'));
  }

  async vifs() {
    return parseMrVif(await readFile('/proc/net/ip_mr_vif', 'utf8'));
  }

  onUpcall(handler: (upcall: Upcall) => void): void {
    this.upcallHandlers.push(handler);
  }

  close(): void {
    this.socket.setOption(IPPROTO_IP, MRT_DONE, int32(1), 4);
    this.socket.close();
  }
}
