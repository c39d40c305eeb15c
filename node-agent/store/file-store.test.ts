import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileStore } from './file-store.js';

describe('openFileStore', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends records durably and reads them back in order after reopening', () => {
    const path = join(dir, 'node.log');
    const store = openFileStore(path);
    expect(store.records()).toEqual([]);
    store.append({ type: 'view', view: 1, members: ['h1'] });
    store.append({ type: 'message', seq: 0, payload: 'aGk=' });
    expect(store.records()).toHaveLength(2);
    store.close();
    const again = openFileStore(path);
    expect(again.records()).toEqual([
      { type: 'view', view: 1, members: ['h1'] },
      { type: 'message', seq: 0, payload: 'aGk=' },
    ]);
    expect(again.errors).toEqual([]);
    again.append({ type: 'message', seq: 1 });
    again.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('cuts off a torn last line, and later appends start on a clean line', () => {
    const path = join(dir, 'torn.log');
    const store = openFileStore(path);
    store.append({ type: 'message', seq: 0 });
    store.close();
    appendFileSync(path, '{"type":"message","se'); // the process died in the middle of a write
    const reopened = openFileStore(path);
    expect(reopened.records()).toEqual([{ type: 'message', seq: 0 }]);
    expect(reopened.truncated).toBe('{"type":"message","se'.length);
    reopened.append({ type: 'message', seq: 1 });
    reopened.close();
    expect(readFileSync(path, 'utf8')).toBe('{"type":"message","seq":0}\n{"type":"message","seq":1}\n');
    expect(
      openFileStore(path)
        .records()
        .map((r) => r.seq),
    ).toEqual([0, 1]);
  });

  it('keeps a complete last record that only lacks its newline', () => {
    const path = join(dir, 'no-newline.log');
    writeFileSync(path, '{"type":"a"}\n{"type":"b"}');
    const store = openFileStore(path);
    expect(store.records().map((r) => r.type)).toEqual(['a', 'b']);
    expect(store.truncated).toBe(0);
    store.append({ type: 'c' });
    store.close();
    expect(readFileSync(path, 'utf8')).toBe('{"type":"a"}\n{"type":"b"}\n{"type":"c"}\n');
  });

  it('reports and skips malformed lines in the middle', () => {
    const path = join(dir, 'bad.log');
    writeFileSync(path, '{"type":"a"}\nnot json\n{"no":"type"}\n{"type":"b"}\n');
    const store = openFileStore(path);
    expect(store.records().map((r) => r.type)).toEqual(['a', 'b']);
    expect(store.errors).toEqual(['line 2: not a store record', 'line 3: not a store record']);
    store.close();
    expect(() => store.append({ type: 'late' })).toThrow(/closed/);
  });
});
