import { spawn, spawnSync } from 'node:child_process';

/**
 * Runs nftables commands in this network namespace with the `nft` tool: changes are queued and sent
 * as one batch per run (`nft -f -`: the kernel applies a batch atomically), one run at a time, so a
 * burst of route changes costs one process. `settled()` resolves once everything queued so far is in
 * force.
 */
export class NftRunner {
  private queued: string[] = [];
  private running: Promise<void> = Promise.resolve();
  private scheduled: Promise<void> | undefined;

  constructor(private readonly onError: (error: Error) => void) {}

  /** Queues commands (one batch's lines) to run after everything queued before them. */
  apply(commands: readonly string[]): void {
    this.queued.push(...commands);
    this.scheduled ??= this.running.then(() => {
      const batch = this.queued.join('\n');
      this.queued = [];
      this.scheduled = undefined;
      this.running = run(['-f', '-'], batch).then(
        () => {},
        (error: Error) => this.onError(error),
      );
      return this.running;
    });
  }

  settled(): Promise<void> {
    return this.scheduled ?? this.running;
  }

  /** Runs commands now and waits for them, failing with nft's message. */
  async now(commands: readonly string[]): Promise<void> {
    await this.settled();
    await run(['-f', '-'], commands.join('\n'));
  }

  /** `nft -j ARGS…`, parsed. */
  async json<T>(args: readonly string[]): Promise<T> {
    return JSON.parse(await run(['-j', ...args])) as T;
  }

  /** For shutdown, when the process is about to exit: runs commands synchronously, ignoring failure. */
  runSync(commands: readonly string[]): void {
    spawnSync('nft', ['-f', '-'], { input: commands.join('\n'), stdio: ['pipe', 'ignore', 'ignore'] });
  }
}

function run(args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const nft = spawn('nft', args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    nft.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    nft.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    nft.once('error', reject);
    nft.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString());
      else
        reject(new Error(`nft ${args.join(' ')} failed (${code}): ${Buffer.concat(err).toString().trim()}`));
    });
    // nft may exit before reading it all (a syntax error): its exit status says why, not EPIPE.
    nft.stdin?.on('error', () => {});
    nft.stdin?.end(input);
  });
}
