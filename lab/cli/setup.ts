import { join } from 'node:path';
import { execa } from 'execa';
import type { LabCommand } from './lab-command.js';

/** `mcast-lab setup`: what a project that installed the package needs before its first lab. */
export function setupCommand(program: LabCommand): void {
  program
    .command('setup')
    .description(
      'prepare this machine for labs: host tools, the Docker engine, the offline base image (idempotent)',
    )
    .run(async ({ runtime: { appRoot } }) => {
      const { exitCode } = await execa('bash', [join(appRoot, 'scripts', 'setup')], {
        cwd: appRoot,
        stdio: 'inherit',
        reject: false,
      });
      return exitCode ?? 1;
    });
}
