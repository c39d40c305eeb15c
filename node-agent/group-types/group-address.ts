import { isIPv4 } from 'node:net';

export const DEFAULT_GROUP_PORT = 5000;

export interface GroupAddress {
  address: string;
  port: number;
}

/** Parses `ADDR[:PORT]`, accepting only IPv4 multicast (224.0.0.0/4) outside the link-local block. */
export function parseGroupAddress(text: string): GroupAddress | { error: string } {
  const [address = '', portText, ...extra] = text.split(':');
  if (!isIPv4(address)) return { error: `"${text}" is not an IPv4 group address` };
  const [first = 0, second = 0, third = 0] = address.split('.').map(Number);
  if (first < 224 || first > 239) return { error: `${address} is not a multicast address (224.0.0.0/4)` };
  if (first === 224 && second === 0 && third === 0) {
    return { error: `${address} is link-local control traffic (224.0.0.0/24); pick another group` };
  }
  if (extra.length > 0 || (portText !== undefined && !/^\d+$/.test(portText))) {
    return { error: `bad port in "${text}"` };
  }
  const port = portText === undefined ? DEFAULT_GROUP_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `bad port in "${text}"` };
  return { address, port };
}
