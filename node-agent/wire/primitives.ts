/**
 * Byte-level writer and reader for the group protocol. The reader never throws: a read past the end
 * marks it failed and returns a zero value, so decoders check `ok` once at the end instead of guarding
 * every field.
 */
export class Writer {
  private buf: Buffer;
  private len = 0;

  /** `capacity`: the bytes expected (a payload's length plus room for the fields): no regrowing. */
  constructor(capacity = 128) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  u8(value: number): this {
    this.room(1);
    this.buf.writeUInt8(value & 0xff, this.len);
    this.len += 1;
    return this;
  }

  u16(value: number): this {
    this.room(2);
    this.buf.writeUInt16BE(value & 0xffff, this.len);
    this.len += 2;
    return this;
  }

  u32(value: number): this {
    this.room(4);
    this.buf.writeUInt32BE(value >>> 0, this.len);
    this.len += 4;
    return this;
  }

  /** A string of at most 255 UTF-8 bytes, length-prefixed. Longer is a programming error: ids are short. */
  str(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 255) throw new RangeError(`"${value.slice(0, 20)}…" is longer than 255 bytes`);
    this.u8(bytes.length);
    return this.raw(bytes);
  }

  /** Bytes with a 32-bit length prefix. */
  bytes(value: Buffer): this {
    this.u32(value.length);
    return this.raw(value);
  }

  /** The bytes written (a view: the writer is not used again). */
  finish(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  private raw(bytes: Buffer): this {
    this.room(bytes.length);
    bytes.copy(this.buf, this.len);
    this.len += bytes.length;
    return this;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }
}

export class Reader {
  ok = true;
  private off = 0;

  constructor(private readonly buf: Buffer) {}

  u8(): number {
    return this.take(1) ? this.buf.readUInt8(this.off - 1) : 0;
  }

  u16(): number {
    return this.take(2) ? this.buf.readUInt16BE(this.off - 2) : 0;
  }

  u32(): number {
    return this.take(4) ? this.buf.readUInt32BE(this.off - 4) : 0;
  }

  str(): string {
    const n = this.u8();
    return this.take(n) ? this.buf.toString('utf8', this.off - n, this.off) : '';
  }

  /**
   * A view of the bytes when they are most of the datagram; a copy when they are a small part of it, so
   * a kept payload does not pin a large datagram.
   */
  bytes(): Buffer {
    const n = this.u32();
    if (!this.take(n)) return Buffer.alloc(0);
    const view = this.buf.subarray(this.off - n, this.off);
    return 2 * n >= this.buf.length ? view : Buffer.from(view);
  }

  /** Reads `count` items (a 16-bit count first); stops early once the input ran out. */
  list<T>(item: () => T): T[] {
    const count = this.u16();
    const items: T[] = [];
    for (let i = 0; i < count && this.ok; i++) items.push(item());
    return items;
  }

  /** True when every byte was read and none was missing. */
  get complete(): boolean {
    return this.ok && this.off === this.buf.length;
  }

  private take(n: number): boolean {
    if (!this.ok || this.off + n > this.buf.length) {
      this.ok = false;
      return false;
    }
    this.off += n;
    return true;
  }
}

/** Room to start an encoding with: the payload's length, if any, and enough for the fields around it. */
export function sizeHint(message: object): number {
  return 256 + ('payload' in message && Buffer.isBuffer(message.payload) ? message.payload.length : 0);
}
