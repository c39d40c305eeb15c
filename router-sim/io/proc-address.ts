/**
 * Addresses as /proc/net files print them: the network-order word shown as a host-order hex number,
 * so on little-endian hosts the bytes read backwards (10.100.0.3 reads "0300640A").
 */
export function procAddressValue(hex: string): number {
  const v = Number.parseInt(hex, 16) >>> 0;
  return (((v & 0xff) << 24) | (((v >>> 8) & 0xff) << 16) | (((v >>> 16) & 0xff) << 8) | (v >>> 24)) >>> 0;
}

export const dottedQuad = (v: number) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join('.');

export const procAddress = (hex: string) => dottedQuad(procAddressValue(hex));
