import { execa } from 'execa';
import type { RuntimeContext } from '../docker/context.js';
import { labNetworks } from '../docker/inspect.js';
import { LabInputError } from '../errors.js';

export interface CaptureResult {
  network: string;
  bridge: string;
  file: string;
  packets: number;
  seconds: number;
}

/**
 * Writes what crosses a lab network to a pcap file: tcpdump on the network's bridge, which (in
 * promiscuous mode, tcpdump's default) sees every frame any port forwards. Stops after `durationMs`,
 * or when `signal` aborts (Ctrl-C).
 */
export async function captureNetwork(
  ctx: RuntimeContext,
  lab: string,
  network: string,
  options: {
    file: string;
    durationMs?: number;
    filter?: string[];
    signal?: AbortSignal;
    /** tcpdump is listening: nothing sent from now on is missed. */
    onListening?: () => void;
  },
): Promise<CaptureResult> {
  const networks = await labNetworks(ctx, lab);
  const bridge = networks.find((n) => n.name === network)?.bridge;
  if (!bridge) {
    throw new LabInputError(
      `lab "${lab}" has no network "${network}"; networks: ${networks.map((n) => n.name).join(', ')}`,
    );
  }
  const started = performance.now();
  // -Z root: tcpdump would otherwise drop to a user that may not write where the user asked;
  // --immediate-mode -U: every packet reaches the file at once, so short captures are complete.
  const tcpdump = execa(
    'tcpdump',
    [
      '-Z',
      'root',
      '--immediate-mode',
      '-U',
      '-n',
      '-i',
      bridge,
      '-w',
      options.file,
      ...(options.filter ?? []),
    ],
    { reject: false },
  );
  tcpdump.stderr?.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('listening on')) options.onListening?.();
  });
  const stop = () => tcpdump.kill('SIGINT');
  const timer = options.durationMs === undefined ? undefined : setTimeout(stop, options.durationMs);
  options.signal?.addEventListener('abort', stop, { once: true });
  const { exitCode, stderr } = await tcpdump;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', stop);
  const packets = Number(/(\d+) packets? captured/.exec(stderr)?.[1]);
  if (Number.isNaN(packets))
    throw new Error(`tcpdump on ${bridge} failed (exit ${exitCode}): ${stderr.trim()}`);
  return { network, bridge, file: options.file, packets, seconds: (performance.now() - started) / 1000 };
}
