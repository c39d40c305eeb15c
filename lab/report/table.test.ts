import { describe, expect, it } from 'vitest';
import { table } from './table.js';

describe('table', () => {
  it('pads every column to its widest cell with two spaces between columns', () => {
    const text = table([
      ['NODE', 'KIND', 'STATE'],
      ['r1', 'router', 'running'],
      ['host-long', 'host', 'exited'],
    ]);
    expect(text).toBe(
      ['NODE       KIND    STATE', 'r1         router  running', 'host-long  host    exited'].join('\n'),
    );
  });

  it('starts each column at the same offset on every line', () => {
    const rows = [
      ['NETWORK', 'SUBNET', 'BRIDGE', 'SNOOPING'],
      ['core', '10.100.0.0/24', 'ml-demo-core', 'on'],
      ['a-much-longer-name', '10.100.10.0/24', 'br', 'off'],
    ];
    const lines = table(rows).split('\n');
    // Widest cells: 18, 14, 12 → columns start at 0, 20, 36, 50.
    const offsets = [0, 20, 36, 50];
    rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const at = offsets[c] ?? -1;
        expect(lines[r]?.slice(at, at + cell.length)).toBe(cell);
        if (c > 0) expect(lines[r]?.slice(at - 2, at)).toBe('  ');
      });
    });
  });

  it('trims trailing spaces, including a short last cell', () => {
    const lines = table([
      ['A', 'LONGEST'],
      ['bb', 'x'],
      ['c', ''],
    ]).split('\n');
    expect(lines).toEqual(['A   LONGEST', 'bb  x', 'c']);
  });

  it('counts the arrow in routes as one character', () => {
    expect(
      table([
        ['ROUTES', 'X'],
        ['default→10.0.0.1', 'y'],
      ]),
    ).toBe('ROUTES            X\ndefault→10.0.0.1  y');
  });

  it('is empty for no rows', () => {
    expect(table([])).toBe('');
  });
});
