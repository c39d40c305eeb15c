/**
 * Heartbeat failure detection: a watched member not heard from for `timeoutMs` is suspected. A member
 * may also be suspected on another's word (a view-change proposal that leaves it out, a restarted
 * incarnation); hearing from it again clears the suspicion.
 */
export class FailureDetector {
  private readonly lastHeard = new Map<string, number>();
  private readonly accused = new Set<string>();

  constructor(private readonly timeoutMs: number) {}

  /** Watches exactly these members from now on; newly watched ones get a full timeout of grace. */
  watch(keys: readonly string[], now: number): void {
    const keep = new Set(keys);
    for (const key of [...this.lastHeard.keys()]) if (!keep.has(key)) this.lastHeard.delete(key);
    for (const key of [...this.accused]) if (!keep.has(key)) this.accused.delete(key);
    for (const key of keys) if (!this.lastHeard.has(key)) this.lastHeard.set(key, now);
  }

  heard(key: string, now: number): void {
    if (!this.lastHeard.has(key)) return;
    this.lastHeard.set(key, now);
    this.accused.delete(key);
  }

  accuse(key: string): void {
    if (this.lastHeard.has(key)) this.accused.add(key);
  }

  suspected(key: string, now: number): boolean {
    const at = this.lastHeard.get(key);
    return at !== undefined && (this.accused.has(key) || at + this.timeoutMs < now);
  }
}
