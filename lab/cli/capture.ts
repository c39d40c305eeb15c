import { resolve } from 'node:path';
import { LabInputError } from '../errors.js';
import { captureNetwork } from '../measure/capture.js';
import type { CommandContext, LabCommand } from './lab-command.js';

export function captureCommand(program: LabCommand): void {
  program
    .command('capture')
    .description('write what crosses a lab network to a pcap file (Wireshark, tcpdump -r)')
    .argument('<network>', 'network name')
    .argument('[filter...]', 'a tcpdump filter expression, e.g. pim or igmp')
    .requiredOption('--out <file>', 'pcap file to write')
    .option('--duration <seconds>', 'stop after this many seconds (default: at Ctrl-C)', Number)
    .labOption()
    .jsonOption()
    .run(
      async (
        { options, runtime, resolveLab, emit }: CommandContext<CaptureOptions>,
        network: string,
        filter: string[],
      ) => {
        const { duration } = options;
        if (duration !== undefined && !(duration > 0)) {
          throw new LabInputError(`--duration must be a positive number of seconds (got ${duration})`);
        }
        const lab = await resolveLab();
        const interrupted = new AbortController();
        process.once('SIGINT', () => interrupted.abort());
        const result = await captureNetwork(runtime, lab, network, {
          file: resolve(options.out),
          ...(duration === undefined ? {} : { durationMs: duration * 1000 }),
          filter,
          signal: interrupted.signal,
          onListening: () => process.stderr.write(`capture: listening on ${network}\n`),
        });
        emit(
          { lab, ...result },
          () =>
            `${result.packets} packets from ${network} (${result.bridge}) in ${result.seconds.toFixed(1)} s → ${result.file}`,
        );
      },
    );
}

interface CaptureOptions {
  out: string;
  duration?: number;
}
