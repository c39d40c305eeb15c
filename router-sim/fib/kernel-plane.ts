import { readFile } from 'node:fs/promises';
import type { RawSocket } from 'raw-socket';
import { listenForIgmp, openIgmpSocket } from '../io/igmp-socket.js';
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

/**
 * Kernel multicast forwarding through the mroute API (kernels with CONFIG_IP_MROUTE). The mroute
 * socket is a raw IGMP socket: it carries upcalls and also every IGMP packet the router receives,
 * which go to `onIgmpPacket`. One per network namespace (MRT_INIT fails if another process holds it).
 * The constructor throws where the kernel has no multicast routing (MRT_INIT: ENOPROTOOPT).
 */
export class KernelPlane implements ForwardingPlane {
  readonly kind = 'kernel-mroute';
  private readonly socket: RawSocket;
  private readonly upcallHandlers: ((upcall: Upcall) => void)[] = [];

  constructor(onIgmpPacket: (packet: Buffer) => void, onError: (error: Error) => void) {
    this.socket = openIgmpSocket((datagram) => {
      const upcall = decodeUpcall(datagram);
      if (!upcall) onIgmpPacket(datagram);
      else for (const handler of this.upcallHandlers) handler(upcall);
    }, onError);
    try {
      this.socket.setOption(IPPROTO_IP, MRT_INIT, int32(1), 4);
    } catch (error) {
      this.socket.close();
      throw error;
    }
  }

  /**
   * A link's VIF also makes the routers' IGMP destinations reach the socket on it; the register VIF
   * turns on the kernel's PIM support: Registers sent to us are decapsulated onto it, and WRONGVIF is
   * raised for data on any interface other than an entry's iif, which SPT switchover needs.
   */
  addVif(vif: Vif): void {
    if (vif.register) this.socket.setOption(IPPROTO_IP, MRT_PIM, int32(1), 4);
    this.socket.setOption(IPPROTO_IP, MRT_ADD_VIF, vifctl(vif.index, vif.ifindex, vif.register), 16);
    if (!vif.register) listenForIgmp(this.socket, vif.ifindex);
  }

  enableWrongVifUpcalls(): void {
    this.socket.setOption(IPPROTO_IP, MRT_ASSERT, int32(1), 4);
  }

  /** The kernel already decapsulated it (MRT_PIM). */
  decapsulate(): void {}

  setRoute(entry: MrouteEntry): void {
    this.socket.setOption(IPPROTO_IP, MRT_ADD_MFC, mfcctl(entry), 60);
  }

  deleteRoute(source: string, group: string): void {
    this.socket.setOption(IPPROTO_IP, MRT_DEL_MFC, mfcctl({ source, group }), 60);
  }

  /** setsockopt is synchronous. */
  async settled(): Promise<void> {}

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
