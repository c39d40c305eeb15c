import cliProgress from 'cli-progress';
import type { DeployProgress } from '../docker/deploy.js';

/**
 * Deploy progress on stderr (stdout stays for results): a bar on a terminal, otherwise one plain line
 * per finished phase so logs stay readable.
 */
export function deployProgressReporter(label: string): {
  onProgress: (p: DeployProgress) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY) {
    const started = performance.now();
    return {
      onProgress: (p) => {
        if (p.done === p.total) {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          process.stderr.write(`${label}: ${p.phase} ${p.done}/${p.total} (${seconds} s)\n`);
        }
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {phase} [{bar}] {value}/{total}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  return {
    onProgress: (p) => {
      if (p.phase !== current) {
        if (current) bar.stop();
        current = p.phase;
        bar.start(p.total, p.done, { phase: p.phase.padEnd(8) });
      } else bar.update(p.done);
    },
    stop: () => bar.stop(),
  };
}
