import { join } from 'node:path';
import type { Command } from 'commander';
import { execa } from 'execa';
import { createRuntime } from '../docker/context.js';

/** `mcast-lab setup`: what a project that installed the package needs before its first lab. */
export function setupCommand(program: Command): void {
  program
    .command('setup')
    .description(
      'prepare this machine for labs: host tools, the Docker engine, the offline base image (idempotent)',
    )
    .action(async () => {
      const { appRoot } = createRuntime();
      const { exitCode } = await execa('bash', [join(appRoot, 'scripts', 'setup')], {
        cwd: appRoot,
        stdio: 'inherit',
        reject: false,
      });
      process.exitCode = exitCode ?? 1;
    });
}
