import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** When a capture saw a group's datagrams on one interface: µs since the epoch. */
export interface Seen {
  first: number;
  last: number;
}

/**
 * tcpdump in a namespace, read while it runs: the first and last capture time (µs since the epoch) of
 * each group's datagrams per interface. (lab/testing/capture.ts and lab/measure/capture.ts write a pcap
 * file read back at the end; the latency trials need the times as the packets pass.)
 */
export async function startCapture(pid: number, filter: string, device = 'any') {
  const child: ChildProcess = spawn(
    'nsenter',
    ['-t', String(pid), '-n', 'tcpdump', '-i', device, '-n', '-tt', '--immediate-mode', '-l', filter],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const seen = new Map<string, Map<string, Seen>>();
  // `-i any` names the interface and direction; one interface's lines have neither.
  const line =
    device === 'any'
      ? /^(\d+)\.(\d{6})\s+(\S+)\s+\S+\s+IP\s+\S+\s+>\s+(\d+\.\d+\.\d+\.\d+)\.\d+:/
      : /^(\d+)\.(\d{6})\s+()IP\s+\S+\s+>\s+(\d+\.\d+\.\d+\.\d+)\.\d+:/;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    const m = line.exec(text);
    if (!m) return;
    const [, sec, usec, named, group] = m as unknown as [string, string, string, string, string];
    const at = Number(sec) * 1e6 + Number(usec);
    const byDevice = seen.get(group) ?? new Map<string, Seen>();
    seen.set(group, byDevice);
    const times = byDevice.get(named || device);
    if (times) times.last = at;
    else byDevice.set(named || device, { first: at, last: at });
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited (${code}): ${stderr}`));
    });
  });
  return {
    seen,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
