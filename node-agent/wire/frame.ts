import type { Reader, Writer } from './primitives.js';

/**
 * The head every group datagram starts with, plain groups' (wire/codec.ts) and atomic groups'
 * (views/codec.ts) alike (big-endian):
 *   0  magic          2 bytes, one per protocol
 *   2  version        1
 *   3  flags          bit 0 relay; the protocol's own bits above it
 *   4  type           the protocol's type code
 *   5  group, origin  length-prefixed strings (u8 + UTF-8)
 * The protocol's envelope fields and the body follow. A hierarchical relay flips the relay flag of
 * either protocol's datagrams without decoding them.
 */
export const RELAY = 1;
const FLAGS_OFFSET = 3;
const GROUP_OFFSET = 5;

export interface FrameHead<T extends string> {
  type: T;
  flags: number;
  group: string;
  origin: string;
}

/** One protocol's frame: its magic, version, type codes and the flag bits it defines (relay included). */
export class FrameFormat<T extends string> {
  private readonly types: Map<number, T>;

  constructor(
    private readonly magic: number,
    private readonly version: number,
    private readonly codes: Record<T, number>,
    private readonly flagBits: number,
  ) {
    this.types = new Map(Object.entries<number>(codes).map(([type, code]) => [code, type as T]));
  }

  writeHead(w: Writer, head: FrameHead<T>): Writer {
    return w
      .u16(this.magic)
      .u8(this.version)
      .u8(head.flags)
      .u8(this.codes[head.type])
      .str(head.group)
      .str(head.origin);
  }

  /** The head, or undefined when the datagram is not of this protocol (magic, version, type or flags). */
  readHead(r: Reader): FrameHead<T> | undefined {
    if (r.u16() !== this.magic || r.u8() !== this.version) return undefined;
    const flags = r.u8();
    const type = this.types.get(r.u8());
    if (!type || (flags & ~this.flagBits) !== 0) return undefined;
    return { type, flags, group: r.str(), origin: r.str() };
  }
}

/** The same datagram with the relay flag set or cleared (what a hierarchical coordinator forwards). */
export function withRelay(bytes: Buffer, relay: boolean): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.length > FLAGS_OFFSET) {
    const flags = copy.readUInt8(FLAGS_OFFSET);
    copy.writeUInt8(relay ? flags | RELAY : flags & ~RELAY, FLAGS_OFFSET);
  }
  return copy;
}

/** The group an encoded datagram of either protocol names, without decoding it. */
export function groupOf(bytes: Buffer): string | undefined {
  if (bytes.length <= GROUP_OFFSET) return undefined;
  const end = GROUP_OFFSET + 1 + bytes.readUInt8(GROUP_OFFSET);
  return end <= bytes.length ? bytes.toString('utf8', GROUP_OFFSET + 1, end) : undefined;
}
