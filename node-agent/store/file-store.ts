import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Store, StoreRecord } from './store.js';

/** A store opened from a file, with what reading it back found wrong. */
export interface FileStore extends Store {
  readonly path: string;
  /** Lines that could not be read back (1-based line numbers with the reason); they were skipped. */
  readonly errors: readonly string[];
  /** Bytes of a torn last record (a crash in the middle of an append) cut off when opening; 0 if none. */
  readonly truncated: number;
}

/**
 * Opens (creating if needed) an append-only JSON-lines log: one record a line, each append written with
 * one write and made durable with fdatasync before `append` returns. Opening reads every record back.
 * A last line without its newline is a torn append (the process died mid-write): it is cut off, unless
 * it is a complete record, which then gets its newline. Malformed lines elsewhere are reported in
 * `errors` and skipped. Synchronous throughout, so protocol state machines need no awaits.
 */
export function openFileStore(path: string): FileStore {
  const fd = openSync(path, 'a+');
  const text = readFileSync(fd, 'utf8');
  const records: StoreRecord[] = [];
  const errors: string[] = [];
  const end = text.lastIndexOf('\n') + 1;
  text
    .slice(0, end)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const record = parseRecord(line);
      if (record) records.push(record);
      else errors.push(`line ${i + 1}: not a store record`);
    });
  let truncated = 0;
  const tail = text.slice(end);
  if (tail !== '') {
    const record = parseRecord(tail);
    if (record) {
      records.push(record);
      writeSync(fd, '\n');
    } else {
      truncated = Buffer.byteLength(tail);
      ftruncateSync(fd, Buffer.byteLength(text) - truncated);
    }
    fdatasyncSync(fd);
  }
  let open = true;
  return {
    path,
    errors,
    truncated,
    records: () => records,
    append(record) {
      if (!open) throw new Error(`store ${path} is closed`);
      const line = `${JSON.stringify(record)}\n`;
      writeSync(fd, line);
      fdatasyncSync(fd);
      records.push(JSON.parse(line) as StoreRecord);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

function parseRecord(line: string): StoreRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && typeof (value as StoreRecord).type === 'string') {
      return value as StoreRecord;
    }
  } catch {
    // not JSON: reported by the caller
  }
  return undefined;
}
