import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcapFile } from './pcap.js';

/** Runs `tcpdump -n -vv -r` on a pcap of the given packets and returns one printed packet per entry. */
export function tcpdump(packets: Buffer[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wire-pcap-'));
  try {
    const file = join(dir, 'packets.pcap');
    writeFileSync(file, pcapFile(packets));
    const out = execFileSync('tcpdump', ['-n', '-vv', '-r', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // With -vv each packet is a line starting with the timestamp and its continuation lines.
    return out.split(/\n(?=\d\d:\d\d:\d\d)/).filter((p) => p.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
