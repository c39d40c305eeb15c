/**
 * The Internet checksum (RFC 1071 §1): the one's complement of the one's complement sum of the data taken
 * as big-endian 16-bit words. An odd trailing byte is summed as if followed by a zero byte.
 *
 * Writing the result into a zeroed checksum field makes the checksum of the whole region 0, which is how a
 * receiver verifies it: `internetChecksum(region) === 0`.
 */
export function internetChecksum(buf: Buffer, start = 0, end = buf.length): number {
  let sum = 0;
  let i = start;
  for (; i + 1 < end; i += 2) sum += ((buf[i] ?? 0) << 8) | (buf[i + 1] ?? 0);
  if (i < end) sum += (buf[i] ?? 0) << 8;
  // Fold the carries back in (RFC 1071 §2 (C)); a JS number holds the unfolded sum of any Buffer exactly.
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
