import { describe, expect, it } from 'vitest';
import { internetChecksum } from '../checksum.js';
import { encodeIpv4 } from '../ipv4/header.js';
import { SAMPLE_ASSERT, SAMPLE_STATE_REFRESH } from '../testing/pim-samples.js';
import { tcpdump } from '../testing/tcpdump.js';
import {
  ALL_PIM_ROUTERS,
  type EncodedSource,
  type JoinPruneLike,
  type PimMessage,
  type Register,
} from './message.js';
import { encodePimPacket } from './packet.js';
import { nullRegisterHeader } from './register.js';

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

/** A UDP datagram as a source sends it, UDP checksum included (RFC 768), TTL 63 as the DR forwards it. */
function udpPacket(src: string, dst: string, ports: [number, number], data: string): Buffer {
  const udp = Buffer.alloc(8 + data.length);
  udp.writeUInt16BE(ports[0], 0);
  udp.writeUInt16BE(ports[1], 2);
  udp.writeUInt16BE(udp.length, 4);
  udp.write(data, 8, 'latin1');
  const packet = encodeIpv4({ src, dst, ttl: 63, protocol: 17, routerAlert: false, payload: udp });
  // The pseudo-header: source, destination, zero, protocol, UDP length.
  const pseudo = Buffer.concat([packet.subarray(12, 20), Buffer.from([0, 17]), packet.subarray(24, 26)]);
  packet.writeUInt16BE(internetChecksum(Buffer.concat([pseudo, packet.subarray(20)])) || 0xffff, 26);
  return packet;
}

const DATA_REGISTER: Register = {
  type: 'register',
  border: false,
  nullRegister: false,
  packet: udpPacket('10.0.0.9', '239.1.1.1', [40000, 5000], 'hello'),
};
const NULL_REGISTER: Register = {
  type: 'register',
  border: false,
  nullRegister: true,
  packet: nullRegisterHeader('10.0.0.9', '239.1.1.1'),
};
/** Register and Register-Stop go between the DR (10.0.0.1 here) and the RP. */
const RP = '10.0.9.1';

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
    SAMPLE_ASSERT,
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
  // tcpdump checks a Register's checksum over its first 8 bytes (or, failing that, over all of it), then
  // prints the flags word and the encapsulated packet as a packet of its own, UDP checksum verified.
  [
    DATA_REGISTER,
    RP,
    [
      /Register, cksum 0x[0-9a-f]{4} \(correct\), Flags \[ none \]/,
      /IP \(tos 0x0, ttl 63, id 0, offset 0, flags \[none\], proto UDP \(17\), length 33\)/,
      /10\.0\.0\.9\.40000 > 239\.1\.1\.1\.5000: \[udp sum ok\] UDP, length 5/,
    ],
    true,
  ],
  [
    { ...DATA_REGISTER, border: true },
    RP,
    [/Register, cksum 0x[0-9a-f]{4} \(correct\), Flags \[ Border \]/],
    true,
  ],
  // The dummy header is printed as an empty packet of protocol 0 (tcpdump's "Options"); tcpdump leaves out
  // a TTL of 0.
  [
    NULL_REGISTER,
    RP,
    [
      /Register, cksum 0x[0-9a-f]{4} \(correct\), Flags \[ Null \]/,
      /IP \(tos 0x0, id 0, offset 0, flags \[none\], proto Options \(0\), length 20\)/,
      /10\.0\.0\.9 > 239\.1\.1\.1: +ip-proto-0 0/,
    ],
    true,
  ],
  // tcpdump looks the whole flags word up in a table of B alone and N alone: both bits set print as "none".
  [
    { ...NULL_REGISTER, border: true },
    RP,
    [/Register, cksum 0x[0-9a-f]{4} \(correct\), Flags \[ none \]/],
    true,
  ],
  [
    { type: 'register-stop', group: '239.1.1.1', source: '10.0.0.9' },
    '10.0.0.1',
    [/Register Stop, cksum 0x[0-9a-f]{4} \(correct\) group=239\.1\.1\.1 source=10\.0\.0\.9$/],
    true,
  ],
  [
    { type: 'register-stop', group: '239.2.2.2', source: '0.0.0.0' },
    '10.0.0.1',
    [/Register Stop, cksum 0x[0-9a-f]{4} \(correct\) group=239\.2\.2\.2 source=0\.0\.0\.0$/],
    true,
  ],
  // tcpdump names type 9 "Prune Refresh" and reads it in the layout of a pre-RFC 3973 draft (source,
  // group, forwarder, period), so it stops with "[|pimv2]" in our Encoded-Group: only the header and the
  // checksum can be checked against it.
  [SAMPLE_STATE_REFRESH, ALL_PIM_ROUTERS, [/Prune Refresh, cksum/], false],
];

// tcpdump is a host tool that `npm run setup` installs.
describe('tcpdump reads what the PIM encoder writes', () => {
  it('shows every message type with a correct checksum and no truncation', () => {
    const packets = MESSAGES.map(([message, dst]) =>
      encodePimPacket(message, { src: message.type === 'register-stop' ? RP : '10.0.0.1', dst }),
    );
    const printed = tcpdump(packets);
    expect(printed).toHaveLength(MESSAGES.length);
    MESSAGES.forEach(([message, dst, patterns, parsedWhole], i) => {
      const line = printed[i] ?? '';
      const packet = packets[i] ?? Buffer.alloc(0);
      const checksum = packet.readUInt16BE(22).toString(16).padStart(4, '0');
      const [src, ttl] =
        message.type === 'register-stop' ? [RP, 64] : ['10.0.0.1', message.type === 'register' ? 64 : 1];
      expect(line, message.type).toContain(
        `tos 0xc0, ttl ${ttl}, id 0, offset 0, flags [DF], proto PIM (103)`,
      );
      expect(line, message.type).toContain(`${src} > ${dst}: PIMv2, length ${packet.length - 20}`);
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
    const badRegister = encodePimPacket(DATA_REGISTER, { src: '10.0.0.1', dst: RP });
    badRegister[27] = (badRegister[27] ?? 0) ^ 0x01;
    const [pimLine, ipLine, cutLine, registerLine] = tcpdump([badPim, badIp, cut, badRegister]);
    expect(pimLine).toMatch(/Hello, cksum 0x[0-9a-f]{4} \(incorrect\)/);
    expect(ipLine).toMatch(/bad cksum/);
    expect(cutLine).toMatch(/truncated|\[\|/);
    // A flipped B bit is in the 8 bytes the checksum covers.
    expect(registerLine).toMatch(/Register, cksum 0x[0-9a-f]{4} \(incorrect\)/);
  });

  it('takes a Register checksummed whole, as RFC 7761 §4.9.3 asks, and the encapsulated UDP checksum is right', () => {
    const whole = encodePimPacket(DATA_REGISTER, { src: '10.0.0.1', dst: RP });
    whole.writeUInt16BE(0, 22);
    whole.writeUInt16BE(internetChecksum(whole, 20), 22);
    const badUdp = encodePimPacket(DATA_REGISTER, { src: '10.0.0.1', dst: RP });
    badUdp[badUdp.length - 1] = (badUdp[badUdp.length - 1] ?? 0) ^ 0x01;
    const [wholeLine, badUdpLine] = tcpdump([whole, badUdp]);
    expect(wholeLine).toMatch(/Register, cksum 0x[0-9a-f]{4} \(correct\)/);
    // The data is outside the Register checksum: only the inner UDP checksum sees the change.
    expect(badUdpLine).toMatch(/Register, cksum 0x[0-9a-f]{4} \(correct\)/);
    expect(badUdpLine).toMatch(/bad udp cksum/);
  });
});
