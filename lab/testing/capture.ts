import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface Capture {
  /** Stops capturing and returns what `tcpdump -nn -v` prints when it reads the capture back. */
  stop(): Promise<string>;
}

/**
 * Captures with tcpdump into a pcap file (as a user would with `mcast-lab capture`) and resolves once
 * tcpdump is listening, so nothing sent afterwards is missed.
 */
export async function startCapture(args: string[]): Promise<Capture> {
  const dir = await mkdtemp(join(tmpdir(), 'mcast-lab-capture-'));
  const file = join(dir, 'capture.pcap');
  // -Z root: tcpdump would otherwise drop to its own user, which cannot write into our temporary folder;
  // --immediate-mode: packets reach the file at once, not when a capture buffer block fills or times out.
  const capture = execa('tcpdump', ['-Z', 'root', '--immediate-mode', '-U', '-w', file, ...args], {
    reject: false,
  });
  await new Promise<void>((resolve) => {
    capture.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve();
    });
    void capture.then(() => resolve()); // it ended first: reading the file back tells why
  });
  return {
    stop: async () => {
      capture.kill('SIGINT');
      await capture;
      const { stdout } = await execa('tcpdump', ['-nn', '-v', '-r', file], { reject: false });
      await rm(dir, { recursive: true, force: true });
      return stdout;
    },
  };
}
