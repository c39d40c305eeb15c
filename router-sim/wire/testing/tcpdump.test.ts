import { describe, expect, it } from 'vitest';
import { encodeIgmpPacket } from '../igmp/igmp.js';
import type { IgmpMessage } from '../igmp/message.js';
import { tcpdump } from './tcpdump.js';

const MESSAGES: [IgmpMessage, string, RegExp][] = [
  [{ type: 'query', version: 1, group: '0.0.0.0', maxRespTimeMs: 0 }, '224.0.0.1', /igmp query v1/],
  [
    { type: 'query', version: 2, group: '239.1.1.1', maxRespTimeMs: 5000 },
    '239.1.1.1',
    /igmp query v2 \[max resp time 50\] \[gaddr 239\.1\.1\.1\]/,
  ],
  [
    {
      type: 'query',
      version: 3,
      group: '232.1.1.1',
      maxRespTimeMs: 20_000,
      sFlag: true,
      qrv: 2,
      qqicSeconds: 1024,
      sources: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
    },
    '232.1.1.1',
    /igmp query v3 \[max resp time 20\.0s\] \[gaddr 232\.1\.1\.1 \{ 10\.0\.0\.1 10\.0\.0\.2 10\.0\.0\.3 \}\]/,
  ],
  [{ type: 'v1-report', group: '239.4.4.4' }, '239.4.4.4', /igmp v1 report 239\.4\.4\.4/],
  [{ type: 'v2-report', group: '239.2.2.2' }, '239.2.2.2', /igmp v2 report 239\.2\.2\.2/],
  [{ type: 'v2-leave', group: '239.2.2.2' }, '224.0.0.2', /igmp leave 239\.2\.2\.2/],
  [
    {
      type: 'v3-report',
      records: [
        { type: 'MODE_IS_INCLUDE', group: '232.1.1.1', sources: ['10.0.0.1'] },
        { type: 'MODE_IS_EXCLUDE', group: '239.0.0.1', sources: [] },
        { type: 'CHANGE_TO_INCLUDE_MODE', group: '239.0.0.2', sources: ['10.0.0.9'] },
        { type: 'CHANGE_TO_EXCLUDE_MODE', group: '239.0.0.3', sources: [] },
        { type: 'ALLOW_NEW_SOURCES', group: '232.1.1.1', sources: ['10.0.0.2', '10.0.0.3'] },
        { type: 'BLOCK_OLD_SOURCES', group: '232.1.1.1', sources: ['10.0.0.1'] },
      ],
    },
    '224.0.0.22',
    new RegExp(
      [
        'igmp v3 report, 6 group record\\(s\\)',
        '\\[gaddr 232.1.1.1 is_in \\{ 10.0.0.1 \\}\\]',
        '\\[gaddr 239.0.0.1 is_ex \\{ \\}\\]',
        '\\[gaddr 239.0.0.2 to_in \\{ 10.0.0.9 \\}\\]',
        '\\[gaddr 239.0.0.3 to_ex \\{ \\}\\]',
        '\\[gaddr 232.1.1.1 allow \\{ 10.0.0.2 10.0.0.3 \\}\\]',
        '\\[gaddr 232.1.1.1 block \\{ 10.0.0.1 \\}\\]',
      ].join(' '),
    ),
  ],
];

// tcpdump is a host tool that `npm run setup` installs.
describe('tcpdump reads what the encoder writes', () => {
  it('shows every message type with no bad checksum and no truncation', () => {
    const printed = tcpdump(
      MESSAGES.map(([message, dst]) => encodeIgmpPacket(message, { src: '10.0.0.254', dst })),
    );
    expect(printed).toHaveLength(MESSAGES.length);
    MESSAGES.forEach(([, , pattern], i) => {
      const line = printed[i] ?? '';
      expect(line).toMatch(/tos 0xc0, ttl 1, id 0, offset 0, flags \[DF\], proto IGMP \(2\)/);
      expect(line).toMatch(/options \(RA\)/);
      expect(line).toMatch(pattern);
      expect(line).not.toMatch(/bad|\[\||truncated/i);
    });
  });

  it('would notice a bad checksum (control)', () => {
    const badIgmp = encodeIgmpPacket(
      { type: 'v2-leave', group: '239.2.2.2' },
      { src: '10.0.0.254', dst: '224.0.0.2' },
    );
    badIgmp[26] = (badIgmp[26] ?? 0) ^ 0xff;
    const badIp = encodeIgmpPacket(
      { type: 'v2-leave', group: '239.2.2.2' },
      { src: '10.0.0.254', dst: '224.0.0.2' },
    );
    badIp[10] = (badIp[10] ?? 0) ^ 0xff;
    const [igmpLine, ipLine] = tcpdump([badIgmp, badIp]);
    expect(igmpLine).toMatch(/bad igmp cksum/);
    expect(ipLine).toMatch(/bad cksum/);
  });
});
