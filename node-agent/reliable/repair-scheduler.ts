import type { Clock, Timer } from '../../common/clock.js';

/** Recent repairs remembered, to answer a burst of NACKs for one message once. */
const RECENT_LIMIT = 4096;

/**
 * Repairs answering NACKs. Any member holding a message may repair it, each after its own delay (the
 * origin first); a holder that overhears the repair meanwhile drops its own, and a message repaired
 * moments ago is not repaired again for the next NACK of the same burst.
 */
export class RepairScheduler {
  private readonly pending = new Map<string, Timer>();
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly holdoffMs: number,
    private readonly send: (stream: string, seq: number) => void,
  ) {}

  request(stream: string, seq: number, delayMs: number): void {
    const key = `${stream} ${seq}`;
    if (this.pending.has(key) || this.clock.now() - (this.recent.get(key) ?? -Infinity) < this.holdoffMs)
      return;
    this.pending.set(
      key,
      this.clock.setTimer(delayMs, () => {
        this.pending.delete(key);
        this.remember(key);
        this.send(stream, seq);
      }),
    );
  }

  overheard(stream: string, seq: number): void {
    const key = `${stream} ${seq}`;
    this.pending.get(key)?.cancel();
    this.pending.delete(key);
    this.remember(key);
  }

  stop(): void {
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
  }

  private remember(key: string): void {
    this.recent.delete(key);
    this.recent.set(key, this.clock.now());
    for (const old of this.recent.keys()) {
      if (this.recent.size <= RECENT_LIMIT) break;
      this.recent.delete(old);
    }
  }
}
