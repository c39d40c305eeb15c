import type { MrouteEntry, Upcall } from './forwarding-plane.js';

/**
 * The Linux mroute API (linux/mroute.h): socket options on a raw IGMP socket and the structs they
 * take, in host byte order (x86/arm little-endian) except addresses, which are in network order.
 */
export const IPPROTO_IP = 0;
export const MRT_INIT = 200;
export const MRT_DONE = 201;
export const MRT_ADD_VIF = 202;
export const MRT_ADD_MFC = 204;
export const MRT_DEL_MFC = 205;
export const MRT_ASSERT = 207;
export const MRT_PIM = 208;
export const MAXVIFS = 32;
const VIFF_REGISTER = 0x4;
const VIFF_USE_IFINDEX = 0x8;

/** Upcall message types (struct igmpmsg.im_msgtype). */
const UPCALL_KINDS = { 1: 'nocache', 2: 'wrongvif', 3: 'wholepkt' } as const;

export const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
};

const addressBytes = (address: string) => Buffer.from(address.split('.').map(Number));
const addressAt = (buffer: Buffer, offset: number) => [...buffer.subarray(offset, offset + 4)].join('.');

/**
 * struct vifctl (16 bytes), naming the interface by ifindex, or the register VIF (the kernel makes its
 * `pimreg` device itself).
 */
export function vifctl(index: number, ifindex: number, register = false): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeUInt16LE(index, 0);
  buffer.writeUInt8(register ? VIFF_REGISTER : VIFF_USE_IFINDEX, 2);
  buffer.writeUInt8(1, 3); // TTL threshold: forward anything that may still be forwarded
  if (!register) buffer.writeInt32LE(ifindex, 8);
  return buffer;
}

/** struct mfcctl (60 bytes): origin, group, parent vif, then a TTL threshold per vif (0 = not an oif). */
export function mfcctl(entry: Pick<MrouteEntry, 'source' | 'group'> & Partial<MrouteEntry>): Buffer {
  const buffer = Buffer.alloc(60);
  addressBytes(entry.source).copy(buffer, 0);
  addressBytes(entry.group).copy(buffer, 4);
  buffer.writeUInt16LE(entry.iif ?? 0, 8);
  for (const oif of entry.oifs ?? []) if (oif >= 0 && oif < MAXVIFS) buffer[10 + oif] = 1;
  return buffer;
}

/**
 * Tells kernel upcalls (struct igmpmsg, which has a zero where an IP header has its protocol) from
 * IGMP packets read on the same socket; returns undefined for the latter.
 */
export function decodeUpcall(datagram: Buffer): Upcall | undefined {
  if (datagram.length < 20 || datagram[9] !== 0) return undefined;
  const kind = UPCALL_KINDS[datagram[8] as keyof typeof UPCALL_KINDS];
  if (!kind) return undefined;
  const common = { vif: datagram[10] ?? 0, source: addressAt(datagram, 12), group: addressAt(datagram, 16) };
  return kind === 'wholepkt' ? { kind, ...common, packet: datagram.subarray(20) } : { kind, ...common };
}
