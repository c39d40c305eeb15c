/**
 * Best-effort test datagrams: a JSON header line naming the sender, then zero padding up to the
 * requested size, so receivers can count per sender whatever the payload size.
 */
export interface DatagramHeader {
  from: string;
  seq: number;
  /** Send time, ms since epoch. */
  t: number;
}

export function encodeDatagram(header: DatagramHeader, size: number): Buffer {
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  return head.length >= size ? head : Buffer.concat([head, Buffer.alloc(size - head.length)]);
}

/** Returns undefined for datagrams that are not ours (anything may arrive on a group). */
export function decodeDatagram(datagram: Buffer): DatagramHeader | undefined {
  const end = datagram.indexOf(0x0a);
  if (end < 0) return undefined;
  try {
    const header = JSON.parse(datagram.subarray(0, end).toString()) as Partial<DatagramHeader>;
    if (typeof header.from !== 'string' || typeof header.seq !== 'number' || typeof header.t !== 'number') {
      return undefined;
    }
    return header as DatagramHeader;
  } catch {
    return undefined;
  }
}
