import { readFile } from 'node:fs/promises';
import { type DeliveryRecord, isDeliveryRecord } from '../group-types/delivery-record.js';
import { isViewRecord, type LogEntry } from '../views/view-record.js';

export interface ParsedLog {
  /** The delivered messages (what checkDeliveries reads). */
  records: DeliveryRecord[];
  /** Messages and view records (atomic groups), in log order (what checkViewSynchrony reads). */
  entries: LogEntry[];
  /** Lines that are not delivery records (1-based line numbers with the reason); they are skipped. */
  errors: string[];
}

/** Parses `deliveries.jsonl` text: one record a line, blank lines ignored, bad lines reported not thrown. */
export function parseDeliveryLog(text: string): ParsedLog {
  const records: DeliveryRecord[] = [];
  const entries: LogEntry[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push(`line ${i + 1}: not JSON`);
      return;
    }
    if (isDeliveryRecord(value)) {
      records.push(value);
      entries.push(value);
    } else if (isViewRecord(value)) entries.push(value);
    else errors.push(`line ${i + 1}: not a delivery record`);
  });
  return { records, entries, errors };
}

/** Reads one node's log; a missing file is an empty log (the node delivered nothing). */
async function readDeliveryLog(path: string): Promise<ParsedLog> {
  try {
    return parseDeliveryLog(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], entries: [], errors: [] };
    throw err;
  }
}

/** Reads several nodes' logs (node → path) into the shape `checkDeliveries` takes. */
export async function readDeliveryLogs(paths: Record<string, string>): Promise<{
  logs: Record<string, DeliveryRecord[]>;
  entries: Record<string, LogEntry[]>;
  errors: string[];
}> {
  const logs: Record<string, DeliveryRecord[]> = {};
  const entries: Record<string, LogEntry[]> = {};
  const errors: string[] = [];
  for (const [node, path] of Object.entries(paths)) {
    const parsed = await readDeliveryLog(path);
    logs[node] = parsed.records;
    entries[node] = parsed.entries;
    errors.push(...parsed.errors.map((e) => `${node}: ${e}`));
  }
  return { logs, entries, errors };
}
