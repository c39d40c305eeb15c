import { join } from 'node:path';
import { pollUntil } from '../../../common/poll.js';
import type { RuntimeContext } from '../../../lab/docker/context.js';
import type { LabClient } from '../../../lab/docker/lab-client.js';
import { HOSTS } from './lab.js';

export interface Ceiling {
  /** Datagrams per second at the slowest receiver that does not send. */
  messagesPerSecond: number;
  /** CPU seconds of the bare receivers and senders per 1,000 datagrams received. */
  cpuPer1000: number;
  lostShare: number;
}

interface Sent {
  sent: number;
  startedAt: number;
  endedAt: number;
  cpu: { user: number; system: number };
}
interface Received {
  received: number;
  lastAt: number;
  cpu: { user: number; system: number };
}

const IDLE_MS = 3_000;

/**
 * The ceiling this runtime allows on the lab's path: bare Node.js dgram senders (256 datagrams in flight)
 * multicasting `size`-byte datagrams for `seconds`, and a bare receiver on every host, all at once.
 */
export async function measureCeiling(
  ctx: RuntimeContext,
  lab: LabClient,
  senders: readonly string[],
  group: string,
  seconds: number,
  size: number,
): Promise<Ceiling> {
  const bare = join(ctx.appRoot, 'dist/scripts/bench/group/bare.js');
  const node = process.execPath;
  const run = async <T>(host: string, argv: string[]): Promise<T> => {
    const { stdout, stderr, exitCode } = await lab.exec(host, [node, bare, ...argv]);
    if (exitCode !== 0) throw new Error(`bare ${argv[0]} on ${host} exited ${exitCode}: ${stderr}`);
    return JSON.parse(stdout) as T;
  };
  const receiving = HOSTS.map((host) =>
    run<Received>(host, ['receive', group, lab.address(host), String(IDLE_MS)]),
  );
  await pollUntil(
    () => Promise.all(HOSTS.map(async (host) => (await lab.exec(host, ['ip', 'maddr', 'show'])).stdout)),
    (tables) => tables.every((t) => t.includes(group)),
    { what: `every host's bare receiver to join ${group}`, timeoutMs: 10_000 },
  );
  const sent = await Promise.all(
    senders.map((host) => run<Sent>(host, ['send', group, lab.address(host), String(seconds), String(size)])),
  );
  const received = await Promise.all(receiving);
  const startedAt = Math.min(...sent.map((s) => s.startedAt));
  const pure = HOSTS.flatMap((host, i) => (senders.includes(host) ? [] : [received[i] as Received]));
  const rates = pure.map((r) => r.received / ((r.lastAt - startedAt) / 1000));
  const total = sent.reduce((n, s) => n + s.sent, 0);
  const cpu = [...sent, ...received].reduce((s, { cpu }) => s + (cpu.user + cpu.system) / 1e6, 0);
  const delivered = received.reduce((n, r) => n + r.received, 0);
  return {
    messagesPerSecond: Math.min(...rates),
    cpuPer1000: (cpu / delivered) * 1000,
    lostShare: 1 - pure.reduce((n, r) => n + r.received, 0) / (total * pure.length),
  };
}
