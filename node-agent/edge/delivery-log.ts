import { createWriteStream, type WriteStream } from 'node:fs';

/** Lines are written at most this long after their delivery… */
const FLUSH_MS = 10;
/** …or as soon as this many characters are waiting. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The node's `deliveries.jsonl` (ARCHITECTURE.md): one JSON object per delivery, appended in delivery
 * order, which ordering and reliability checkers read from the host. Lines are gathered and written
 * together, within FLUSH_MS: one write for a burst of deliveries, not one each.
 */
export class DeliveryLog {
  private readonly stream: WriteStream;
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  append(record: object): void {
    this.pending += `${JSON.stringify(record)}\n`;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => this.stream.end(resolve));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    this.stream.write(this.pending);
    this.pending = '';
  }
}
