import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type NflogRecord, NflogStream } from './nflog-records.js';

/**
 * Reads an NFLOG group of this network namespace as a stream of whole packets, through tcpdump's
 * `nflog:GROUP` interface (Node has no netlink sockets). Resolves once tcpdump listens, so nothing
 * logged after that is missed; fails with tcpdump's own words if it cannot.
 */
export async function listenNflog(
  group: number,
  onRecord: (record: NflogRecord) => void,
  onError: (error: Error) => void,
): Promise<{ close(): void }> {
  // -Z root: the node images have no tcpdump user to drop privileges to; -U with
  // --immediate-mode: each packet is written as it comes, not when a buffer fills.
  const tcpdump = spawn(
    'tcpdump',
    ['-Z', 'root', '-U', '--immediate-mode', '-s', '0', '-w', '-', '-i', `nflog:${group}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stream = new NflogStream(onRecord, (message) => onError(new Error(`NFLOG: ${message}`)));
  tcpdump.stdout.on('data', (chunk: Buffer) => stream.push(chunk));
  let closing = false;
  await new Promise<void>((resolve, reject) => {
    const said: string[] = [];
    createInterface({ input: tcpdump.stderr }).on('line', (line) => {
      said.push(line);
      if (line.includes('listening on')) resolve();
    });
    tcpdump.once('error', reject);
    tcpdump.once('exit', (code) => {
      const error = new Error(`tcpdump on nflog:${group} exited (${code}): ${said.slice(-3).join(' / ')}`);
      reject(error);
      if (!closing) onError(error);
    });
  });
  return {
    close: () => {
      closing = true;
      tcpdump.kill();
    },
  };
}
