import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createRuntime } from '../docker/context.js';
import { resolveLab } from '../docker/find-node.js';
import { LabInputError } from '../errors.js';
import { captureNetwork } from '../measure/capture.js';
import { emit, runCommand } from './output.js';

export function captureCommand(program: Command): void {
  program
    .command('capture')
    .description('write what crosses a lab network to a pcap file (Wireshark, tcpdump -r)')
    .argument('<network>', 'network name')
    .argument('[filter...]', 'a tcpdump filter expression, e.g. pim or igmp')
    .requiredOption('--out <file>', 'pcap file to write')
    .option('--duration <seconds>', 'stop after this many seconds (default: at Ctrl-C)', Number)
    .option('--lab <lab>', 'lab name (default: the only lab deployed)')
    .option('--json', 'print one JSON document')
    .action((network: string, filter: string[], opts: CaptureOptions) =>
      runCommand(Boolean(opts.json), async () => {
        if (opts.duration !== undefined && !(opts.duration > 0)) {
          throw new LabInputError(`--duration must be a positive number of seconds (got ${opts.duration})`);
        }
        const ctx = createRuntime();
        const lab = await resolveLab(ctx, opts.lab);
        const interrupted = new AbortController();
        process.once('SIGINT', () => interrupted.abort());
        const result = await captureNetwork(ctx, lab, network, {
          file: resolve(opts.out),
          ...(opts.duration === undefined ? {} : { durationMs: opts.duration * 1000 }),
          filter,
          signal: interrupted.signal,
          onListening: () => process.stderr.write(`capture: listening on ${network}\n`),
        });
        emit(
          Boolean(opts.json),
          { lab, ...result },
          () =>
            `${result.packets} packets from ${network} (${result.bridge}) in ${result.seconds.toFixed(1)} s → ${result.file}`,
        );
        return undefined;
      }),
    );
}

interface CaptureOptions {
  out: string;
  duration?: number;
  lab?: string;
  json?: boolean;
}
