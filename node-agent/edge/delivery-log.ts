import { createWriteStream, type WriteStream } from 'node:fs';

/** Lines are written at most this long after their delivery… */
const FLUSH_MS = 10;
/** …or as soon as this many characters are waiting. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The node's `deliveries.jsonl` (ARCHITECTURE.md): one JSON object per delivery, appended in delivery
 * order, which ordering and reliability checkers read from the host. Lines are gathered and written
 * together, within FLUSH_MS: one write for a burst of deliveries, not one each. `written` lets a
 * reader of counters wait until the lines behind them are in the file.
 */
export class DeliveryLog {
  private readonly stream: WriteStream;
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  append(record: object): void {
    this.pending += `${JSON.stringify(record)}\n`;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Resolves once every line appended so far is in the file. */
  written(): Promise<void> {
    this.flush();
    return this.lastWrite;
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => this.stream.end(resolve));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    const chunk = this.pending;
    // A failed write is the stream's 'error' (fatal for the agent), not this promise's.
    this.lastWrite = new Promise((resolve) => this.stream.write(chunk, () => resolve()));
    this.pending = '';
  }
}
