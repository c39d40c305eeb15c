import { describe, expect, it } from 'vitest';
import { decodeIpv4Options, ROUTER_ALERT_TYPE, writeRouterAlertOption } from './options.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('decodeIpv4Options', () => {
  it('finds Router Alert as written (RFC 2113 §2.1: 94 04 00 00)', () => {
    const buf = Buffer.alloc(4);
    writeRouterAlertOption(buf, 0);
    expect(buf).toEqual(hex('94 04 00 00'));
    expect(decodeIpv4Options(buf)).toEqual([{ type: ROUTER_ALERT_TYPE, data: hex('00 00') }]);
  });

  it('skips No Operation and stops at End of Option List', () => {
    expect(decodeIpv4Options(hex('01 94 04 00 00 00 ff ff'))).toEqual([{ type: 0x94, data: hex('00 00') }]);
    expect(decodeIpv4Options(hex('00 94 04 00'))).toEqual([]);
    expect(decodeIpv4Options(hex('01 01 01 01'))).toEqual([]);
  });

  it('returns other options with their data', () => {
    // Record Route (RFC 791 §3.1): type 7, length 7, pointer 4, one empty slot; then EOL.
    expect(decodeIpv4Options(hex('07 07 04 00 00 00 00 00'))).toEqual([
      { type: 7, data: hex('04 00 00 00 00') },
    ]);
  });

  it('refuses bad lengths', () => {
    expect(decodeIpv4Options(hex('94'))).toHaveProperty('error');
    expect(decodeIpv4Options(hex('07 00 00 00'))).toHaveProperty('error');
    expect(decodeIpv4Options(hex('07 01 00 00'))).toHaveProperty('error');
    expect(decodeIpv4Options(hex('07 09 00 00 00 00 00 00'))).toHaveProperty('error');
    expect(decodeIpv4Options(hex('94 06 00 00 00 00 00 00'))).toHaveProperty('error');
    expect(decodeIpv4Options(hex('94 02 00 00'))).toHaveProperty('error');
  });
});
