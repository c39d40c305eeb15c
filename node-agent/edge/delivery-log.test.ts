import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeliveryLog } from './delivery-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'delivery-log-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('holds every appended line in the file once written() resolves, in append order', async () => {
  const path = join(dir, 'deliveries.jsonl');
  const log = new DeliveryLog(path);
  for (let seq = 0; seq < 1000; seq++) log.append({ seq });
  await log.written();
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  expect(lines.map((line) => JSON.parse(line).seq)).toEqual([...Array(1000).keys()]);
  await log.close();
});
