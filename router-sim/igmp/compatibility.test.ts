import { describe, expect, it } from 'vitest';
import { GROUP_RECORD_TYPES } from '../wire/igmp/message.js';
import { asGroupRecord, groupCompatibilityMode, olderHostReportHeard } from './compatibility.js';

describe('Group Compatibility Mode', () => {
  it('follows the Host Present timers: IGMPv1 over IGMPv2 over IGMPv3', () => {
    const timers = { v1HostPresent: 0, v2HostPresent: 0 };
    expect(groupCompatibilityMode(timers, 100, 3)).toBe(3);
    olderHostReportHeard(timers, 'v2-report', 2_000);
    expect(groupCompatibilityMode(timers, 100, 3)).toBe(2);
    olderHostReportHeard(timers, 'v1-report', 1_000);
    expect(groupCompatibilityMode(timers, 100, 3)).toBe(1);
    expect(groupCompatibilityMode(timers, 1_000, 3)).toBe(2);
    expect(groupCompatibilityMode(timers, 2_000, 3)).toBe(3);
  });

  it('is never above IGMPv2 on an IGMPv2 router', () => {
    expect(groupCompatibilityMode({ v1HostPresent: 0, v2HostPresent: 0 }, 0, 2)).toBe(2);
    expect(groupCompatibilityMode({ v1HostPresent: 10, v2HostPresent: 0 }, 0, 2)).toBe(1);
  });
});

describe('asGroupRecord (§7.3.2)', () => {
  const S = ['10.0.0.9'];

  it('takes older reports as IS_EX({}) in every mode', () => {
    for (const mode of [1, 2, 3] as const) {
      for (const kind of ['v1-report', 'v2-report'] as const) {
        expect(asGroupRecord(kind, [], mode)).toEqual({ type: 'MODE_IS_EXCLUDE', sources: [] });
      }
    }
  });

  it('takes a Leave as TO_IN({}), except in IGMPv1 mode', () => {
    expect(asGroupRecord('v2-leave', [], 3)).toEqual({ type: 'CHANGE_TO_INCLUDE_MODE', sources: [] });
    expect(asGroupRecord('v2-leave', [], 2)).toEqual({ type: 'CHANGE_TO_INCLUDE_MODE', sources: [] });
    expect(asGroupRecord('v2-leave', [], 1)).toBeUndefined();
  });

  it('passes IGMPv3 records as they are in IGMPv3 mode', () => {
    for (const type of GROUP_RECORD_TYPES) {
      expect(asGroupRecord(type, S, 3)).toEqual({ type, sources: S });
    }
  });

  it('ignores BLOCK and the sources of TO_EX in IGMPv2 mode', () => {
    expect(asGroupRecord('BLOCK_OLD_SOURCES', S, 2)).toBeUndefined();
    expect(asGroupRecord('CHANGE_TO_EXCLUDE_MODE', S, 2)).toEqual({
      type: 'CHANGE_TO_EXCLUDE_MODE',
      sources: [],
    });
    expect(asGroupRecord('CHANGE_TO_INCLUDE_MODE', S, 2)).toEqual({
      type: 'CHANGE_TO_INCLUDE_MODE',
      sources: S,
    });
    expect(asGroupRecord('ALLOW_NEW_SOURCES', S, 2)).toEqual({ type: 'ALLOW_NEW_SOURCES', sources: S });
  });

  it('ignores TO_IN too in IGMPv1 mode', () => {
    expect(asGroupRecord('CHANGE_TO_INCLUDE_MODE', S, 1)).toBeUndefined();
    expect(asGroupRecord('BLOCK_OLD_SOURCES', S, 1)).toBeUndefined();
    expect(asGroupRecord('CHANGE_TO_EXCLUDE_MODE', S, 1)).toEqual({
      type: 'CHANGE_TO_EXCLUDE_MODE',
      sources: [],
    });
    expect(asGroupRecord('MODE_IS_INCLUDE', S, 1)).toEqual({ type: 'MODE_IS_INCLUDE', sources: S });
  });
});
