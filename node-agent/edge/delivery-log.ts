import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * The node's `deliveries.jsonl` (ARCHITECTURE.md): one JSON object per delivery, appended in delivery
 * order, which ordering and reliability checkers read from the host.
 */
export class DeliveryLog {
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  append(record: object): void {
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
