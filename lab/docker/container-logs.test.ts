import { describe, expect, it } from 'vitest';
import { demuxLogs } from './container-logs.js';

const frame = (stream: 1 | 2, text: string) => {
  const data = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
};

describe('demuxLogs', () => {
  it('keeps stdout and stderr in the order they were written, without headers', () => {
    const raw = Buffer.concat([frame(1, 'ready\n'), frame(2, 'Error: boom\n'), frame(1, 'bye\n')]);
    expect(demuxLogs(raw)).toBe('ready\nError: boom\nbye\n');
  });

  it('joins a line split across frames and ignores a truncated last frame header', () => {
    const raw = Buffer.concat([
      frame(2, 'Error: '),
      frame(2, 'Protocol not available\n'),
      Buffer.from([1, 0]),
    ]);
    expect(demuxLogs(raw)).toBe('Error: Protocol not available\n');
  });

  it('reads nothing from an empty log', () => {
    expect(demuxLogs(Buffer.alloc(0))).toBe('');
  });
});
