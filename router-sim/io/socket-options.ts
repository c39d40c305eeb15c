import type { RawSocket } from 'raw-socket';

/** Socket options from linux/in.h and asm/socket.h used on raw sockets. */
export const SOL_SOCKET = 1;
export const SO_BINDTODEVICE = 25;
export const IPPROTO_IP = 0;
export const IP_MULTICAST_LOOP = 34;
const IP_ADD_MEMBERSHIP = 35;

/** Joins `group` on one interface (struct ip_mreqn: group, local address left any, ifindex). */
export function joinGroupOn(socket: RawSocket, group: string, ifindex: number): void {
  const mreqn = Buffer.alloc(12);
  Buffer.from(group.split('.').map(Number)).copy(mreqn, 0);
  mreqn.writeInt32LE(ifindex, 8);
  socket.setOption(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreqn, 12);
}
