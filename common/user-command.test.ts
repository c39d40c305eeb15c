import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMMAND_LOG_NAME } from './control/protocol.js';
import type { Logger } from './logger.js';
import { pollUntil } from './poll.js';
import { UserCommand } from './user-command.js';

const quiet: Logger = { info: () => {}, error: () => {} };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'user-command-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("appends the program's stdout and stderr to command.log and reports how it ended", async () => {
  const command = new UserCommand(
    [process.execPath, '-e', 'console.log("out"); console.error("err"); process.exit(4)'],
    dir,
    quiet,
  );
  expect(command.status()).toMatchObject({ running: true, exitCode: null });
  const ended = await pollUntil(
    async () => command.status(),
    (s) => !s.running,
    { what: 'the program to end' },
  );
  expect(ended).toMatchObject({ running: false, exitCode: 4, signal: null });
  expect((await readFile(join(dir, COMMAND_LOG_NAME), 'utf8')).split('\n').sort()).toEqual([
    '',
    'err',
    'out',
  ]);
});

it('says why a program could not start, and stops one that runs', async () => {
  const missing = new UserCommand(['/no/such/program'], dir, quiet);
  const failed = await pollUntil(
    async () => missing.status(),
    (s) => !s.running,
    { what: 'the spawn to fail' },
  );
  expect(failed.error).toMatch(/ENOENT/);
  const idle = new UserCommand([process.execPath, '-e', 'setInterval(() => {}, 1e9)'], dir, quiet);
  idle.stop();
  const stopped = await pollUntil(
    async () => idle.status(),
    (s) => !s.running,
    { what: 'the program to stop' },
  );
  expect(stopped.signal).toBe('SIGTERM');
});
