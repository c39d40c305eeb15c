import type Docker from 'dockerode';

/**
 * The payloads of Docker's multiplexed log stream (containers without a TTY), stdout and stderr
 * interleaved as they were written: each frame is an 8-byte header (stream, 3 zero bytes, size) + data.
 */
export function demuxLogs(raw: Buffer): string {
  const parts: Buffer[] = [];
  for (let offset = 0; offset + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The last `lines` lines the container wrote, stdout and stderr together. */
export async function logTail(container: Docker.Container, lines: number): Promise<string[]> {
  const raw = await container.logs({ stdout: true, stderr: true, tail: lines, follow: false });
  return demuxLogs(raw).split('\n').filter(Boolean).slice(-lines);
}
