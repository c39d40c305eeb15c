/** One record of a node's persistent log: a JSON object whose `type` says which layer wrote it. */
export interface StoreRecord {
  type: string;
  [field: string]: unknown;
}

/**
 * A node's persistent, append-only log. Protocol layers (views and atomic delivery, two-phase commit)
 * append their records to the same store and read them all back when the process restarts.
 */
export interface Store {
  /** Every record appended so far — by this process or an earlier one — in append order. */
  records(): readonly StoreRecord[];
  /** Appends a record; once it returns, the record survives a crash of the process. */
  append(record: StoreRecord): void;
  close(): void;
}

/**
 * A store in memory, for the simulator: a "crashed" member's successor is constructed on the same
 * object, which is what a restarted process reading its file sees.
 */
export class MemoryStore implements Store {
  private readonly log: StoreRecord[] = [];

  records(): readonly StoreRecord[] {
    return this.log;
  }

  append(record: StoreRecord): void {
    // A copy through JSON, as a file would keep it: later changes to the object do not leak in.
    this.log.push(JSON.parse(JSON.stringify(record)) as StoreRecord);
  }

  close(): void {}
}
