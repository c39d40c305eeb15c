import { readFile } from 'node:fs/promises';
import { type DeliveryRecord, isDeliveryRecord } from '../group/delivery-record.js';

export interface ParsedLog {
  records: DeliveryRecord[];
  /** Lines that are not delivery records (1-based line numbers with the reason); they are skipped. */
  errors: string[];
}

/** Parses `deliveries.jsonl` text: one record a line, blank lines ignored, bad lines reported not thrown. */
export function parseDeliveryLog(text: string): ParsedLog {
  const records: DeliveryRecord[] = [];
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
    if (isDeliveryRecord(value)) records.push(value);
    else errors.push(`line ${i + 1}: not a delivery record`);
  });
  return { records, errors };
}

/** Reads one node's log; a missing file is an empty log (the node delivered nothing). */
export async function readDeliveryLog(path: string): Promise<ParsedLog> {
  try {
    return parseDeliveryLog(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], errors: [] };
    throw err;
  }
}

/** Reads several nodes' logs (node → path) into the shape `checkDeliveries` takes. */
export async function readDeliveryLogs(
  paths: Record<string, string>,
): Promise<{ logs: Record<string, DeliveryRecord[]>; errors: string[] }> {
  const logs: Record<string, DeliveryRecord[]> = {};
  const errors: string[] = [];
  for (const [node, path] of Object.entries(paths)) {
    const parsed = await readDeliveryLog(path);
    logs[node] = parsed.records;
    errors.push(...parsed.errors.map((e) => `${node}: ${e}`));
  }
  return { logs, errors };
}
