/**
 * Several group datagrams in one UDP datagram (big-endian):
 *   0  magic    2 bytes (0x4742, "GB": neither protocol's)
 *   2  version  1
 *   3  then per frame: length (2 bytes) and the frame, as either protocol encoded it
 * Frames go in the order they were sent; a receiver handles them as if each had come alone.
 */
const MAGIC = 0x4742;
const VERSION = 1;
const HEAD = 3;
const LENGTH = 2;

/** Bytes a bundle adds to its frames: its head, and a length per frame. */
export const bundleOverhead = (frames: number): number => HEAD + LENGTH * frames;

export function encodeBundle(frames: readonly Buffer[]): Buffer {
  const out = Buffer.allocUnsafe(frames.reduce((n, f) => n + LENGTH + f.length, HEAD));
  out.writeUInt16BE(MAGIC, 0);
  out.writeUInt8(VERSION, 2);
  let at = HEAD;
  for (const frame of frames) {
    out.writeUInt16BE(frame.length, at);
    frame.copy(out, at + LENGTH);
    at += LENGTH + frame.length;
  }
  return out;
}

export function isBundle(bytes: Buffer): boolean {
  return bytes.length >= HEAD && bytes.readUInt16BE(0) === MAGIC && bytes.readUInt8(2) === VERSION;
}

/** The frames of a bundle (views of its bytes, not copies); a truncated last frame is dropped. */
export function bundleFrames(bytes: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = HEAD; at + LENGTH <= bytes.length; ) {
    const length = bytes.readUInt16BE(at);
    const end = at + LENGTH + length;
    if (end > bytes.length) break;
    frames.push(bytes.subarray(at + LENGTH, end));
    at = end;
  }
  return frames;
}
