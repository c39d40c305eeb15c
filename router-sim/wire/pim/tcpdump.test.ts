import { describe, expect, it } from 'vitest';
import { tcpdump } from '../testing/tcpdump.js';
import { ALL_PIM_ROUTERS, type EncodedSource, type JoinPruneLike, type PimMessage } from './message.js';
import { encodePimPacket } from './packet.js';

const source = (address: string, maskLength = 32, bits = 'S'): EncodedSource => ({
  address,
  maskLength,
  sparse: bits.includes('S'),
  wildcard: bits.includes('W'),
  rpt: bits.includes('R'),
});

const JOIN_PRUNE: JoinPruneLike = {
  upstreamNeighbor: '10.0.0.2',
  holdtime: 210,
  groups: [
    {
      group: '239.1.1.1',
      maskLength: 32,
      joins: [source('10.0.0.9')],
      prunes: [source('10.9.9.9', 32, 'SWR')],
    },
    { group: '239.2.0.0', maskLength: 16, joins: [source('10.8.0.0', 24, '')], prunes: [] },
  ],
};
const GRAFT: JoinPruneLike = {
  upstreamNeighbor: '10.0.0.2',
  holdtime: 0,
  groups: [{ group: '239.1.1.1', maskLength: 32, joins: [source('10.0.0.9')], prunes: [] }],
};

/** Message, destination, what tcpdump 4.99 prints for it (after the checksum), and whether it parses it all. */
const MESSAGES: [PimMessage, string, RegExp[], boolean][] = [
  [
    {
      type: 'hello',
      options: {
        holdtime: 105,
        lanPruneDelay: { tBit: true, propagationDelayMs: 500, overrideIntervalMs: 2500 },
        drPriority: 7,
        generationId: 0x12345678,
        stateRefresh: { version: 1, intervalSeconds: 60 },
        addressList: ['10.1.0.1', '10.2.0.1'],
      },
    },
    ALL_PIM_ROUTERS,
    [
      /Hello, cksum/,
      /Hold Time Option \(1\), length 2, Value: 1m45s/,
      /LAN Prune Delay Option \(2\), length 4, Value: \s+T-bit=1, LAN delay 500ms, Override interval 2500ms/,
      /DR Priority Option \(19\), length 4, Value: 7\n/,
      /Generation ID Option \(20\), length 4, Value: 0x12345678/,
      /State Refresh Capability Option \(21\), length 4, Value: v1, interval 1m\n/,
      /Address List Option \(24\), length 12, Value: \s+10\.1\.0\.1\s+10\.2\.0\.1\n/,
    ],
    true,
  ],
  [
    { type: 'join-prune', ...JOIN_PRUNE },
    ALL_PIM_ROUTERS,
    [
      /Join \/ Prune, cksum 0x[0-9a-f]{4} \(correct\), upstream-neighbor: 10\.0\.0\.2/,
      /2 group\(s\), holdtime: 3m30s/,
      /group #1: 239\.1\.1\.1, joined sources: 1, pruned sources: 1/,
      /joined source #1: 10\.0\.0\.9\(S\)/,
      /pruned source #1: 10\.9\.9\.9\(SWR\)/,
      /group #2: 239\.2\.0\.0\/16, joined sources: 1, pruned sources: 0/,
      /joined source #1: 10\.8\.0\.0\/24$/,
    ],
    true,
  ],
  [
    { type: 'graft', ...GRAFT },
    '10.0.0.2',
    [
      /Graft, cksum 0x[0-9a-f]{4} \(correct\), upstream-neighbor: 10\.0\.0\.2/,
      /1 group\(s\), holdtime: 0s/,
      /group #1: 239\.1\.1\.1, joined sources: 1, pruned sources: 0/,
      /joined source #1: 10\.0\.0\.9\(S\)/,
    ],
    true,
  ],
  // tcpdump reads a Graft-Ack as if it had no upstream neighbor field (unlike RFC 3973 §4.7.7, "identical
  // in format to the received Graft"), so past the checksum it prints 0 groups: only the header is checked.
  [{ type: 'graft-ack', ...GRAFT }, '10.0.0.1', [/Graft Acknowledgement, cksum/], true],
  [
    {
      type: 'assert',
      group: '239.1.1.1',
      source: '10.0.0.9',
      rptBit: true,
      metricPreference: 110,
      metric: 20,
    },
    ALL_PIM_ROUTERS,
    [/Assert, cksum 0x[0-9a-f]{4} \(correct\) group=239\.1\.1\.1 src=10\.0\.0\.9 RPT pref=110 metric=20/],
    true,
  ],
  [
    { type: 'assert', group: '239.1.1.1', source: '0.0.0.0', rptBit: false, metricPreference: 0, metric: 0 },
    ALL_PIM_ROUTERS,
    [/Assert, cksum 0x[0-9a-f]{4} \(correct\) group=239\.1\.1\.1 src=0\.0\.0\.0 pref=0 metric=0$/],
    true,
  ],
  // tcpdump names type 9 "Prune Refresh" and reads it in the layout of a pre-RFC 3973 draft (source,
  // group, forwarder, period), so it stops with "[|pimv2]" in our Encoded-Group: only the header and the
  // checksum can be checked against it.
  [
    {
      type: 'state-refresh',
      group: '239.1.1.1',
      source: '10.0.0.9',
      originator: '10.0.0.1',
      rptBit: false,
      metricPreference: 110,
      metric: 20,
      maskLength: 24,
      ttl: 16,
      pruneIndicator: true,
      pruneNow: false,
      assertOverride: true,
      intervalSeconds: 60,
    },
    ALL_PIM_ROUTERS,
    [/Prune Refresh, cksum/],
    false,
  ],
];

// tcpdump is a host tool that `npm run setup` installs.
describe('tcpdump reads what the PIM encoder writes', () => {
  it('shows every message type with a correct checksum and no truncation', () => {
    const packets = MESSAGES.map(([message, dst]) => encodePimPacket(message, { src: '10.0.0.1', dst }));
    const printed = tcpdump(packets);
    expect(printed).toHaveLength(MESSAGES.length);
    MESSAGES.forEach(([message, dst, patterns, parsedWhole], i) => {
      const line = printed[i] ?? '';
      const packet = packets[i] ?? Buffer.alloc(0);
      const checksum = packet.readUInt16BE(22).toString(16).padStart(4, '0');
      expect(line, message.type).toMatch(/tos 0xc0, ttl 1, id 0, offset 0, flags \[DF\], proto PIM \(103\)/);
      expect(line, message.type).toContain(`10.0.0.1 > ${dst}: PIMv2, length ${packet.length - 20}`);
      expect(line, message.type).toContain(`, cksum 0x${checksum} (correct)`);
      for (const pattern of patterns) expect(line, message.type).toMatch(pattern);
      expect(line, message.type).not.toMatch(/bad|incorrect|truncated|RFC2117/i);
      if (parsedWhole) expect(line, message.type).not.toContain('[|');
    });
  });

  it('would notice a bad checksum (control)', () => {
    const hello = { type: 'hello' as const, options: { holdtime: 105 } };
    const badPim = encodePimPacket(hello, { src: '10.0.0.1', dst: ALL_PIM_ROUTERS });
    badPim[23] = (badPim[23] ?? 0) ^ 0xff;
    const badIp = encodePimPacket(hello, { src: '10.0.0.1', dst: ALL_PIM_ROUTERS });
    badIp[10] = (badIp[10] ?? 0) ^ 0xff;
    const cut = encodePimPacket({ type: 'graft', ...GRAFT }, { src: '10.0.0.1', dst: '10.0.0.2' });
    cut.writeUInt16BE(cut.length - 8, 2);
    const [pimLine, ipLine, cutLine] = tcpdump([badPim, badIp, cut]);
    expect(pimLine).toMatch(/Hello, cksum 0x[0-9a-f]{4} \(incorrect\)/);
    expect(ipLine).toMatch(/bad cksum/);
    expect(cutLine).toMatch(/truncated|\[\|/);
  });
});
