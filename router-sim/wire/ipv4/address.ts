/** IPv4 addresses on the wire (4 bytes, network order) and as dotted quads. */

/** Reads the address at `offset`; the caller has checked that 4 bytes are there. */
export function readIpv4Address(buf: Buffer, offset: number): string {
  return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
}

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted quad ("192.0.2.1") to its 32-bit value; undefined when it is not one. */
export function parseIpv4Address(address: string): number | undefined {
  const m = QUAD.exec(address);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Writes a dotted quad at `offset`. Encoders are given messages built by code, so a bad address throws. */
export function writeIpv4Address(buf: Buffer, offset: number, address: string): void {
  const value = parseIpv4Address(address);
  if (value === undefined) throw new RangeError(`not an IPv4 address: ${JSON.stringify(address)}`);
  buf.writeUInt32BE(value, offset);
}
