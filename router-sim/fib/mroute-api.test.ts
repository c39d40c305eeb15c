import { describe, expect, it } from 'vitest';
import { decodeUpcall, mfcctl, vifctl } from './mroute-api.js';
import { parseMrCache, parseMrVif } from './proc-counters.js';

describe('mroute API structs', () => {
  it('lays out struct vifctl with the ifindex in place of the local address', () => {
    const v = vifctl(2, 1490);
    expect(v.length).toBe(16);
    expect(v.readUInt16LE(0)).toBe(2);
    expect(v[2]).toBe(0x8); // VIFF_USE_IFINDEX
    expect(v[3]).toBe(1); // TTL threshold
    expect(v.readInt32LE(8)).toBe(1490);
  });

  it('marks the register VIF with VIFF_REGISTER and no interface', () => {
    const v = vifctl(3, 1490, true);
    expect(v.readUInt16LE(0)).toBe(3);
    expect(v[2]).toBe(0x4); // VIFF_REGISTER
    expect(v.readInt32LE(8)).toBe(0);
  });

  it('lays out struct mfcctl: addresses in network order, parent vif, a TTL per oif', () => {
    const m = mfcctl({ source: '10.100.0.3', group: '239.3.3.3', iif: 0, oifs: [1, 2] });
    expect(m.length).toBe(60);
    expect([...m.subarray(0, 4)]).toEqual([10, 100, 0, 3]);
    expect([...m.subarray(4, 8)]).toEqual([239, 3, 3, 3]);
    expect(m.readUInt16LE(8)).toBe(0);
    expect([...m.subarray(10, 14)]).toEqual([0, 1, 1, 0]);
  });

  it('tells kernel upcalls from IGMP packets read on the same socket', () => {
    const upcall = Buffer.alloc(20);
    upcall[8] = 1; // IGMPMSG_NOCACHE
    upcall[10] = 1;
    Buffer.from([10, 100, 0, 3, 239, 3, 3, 3]).copy(upcall, 12);
    expect(decodeUpcall(upcall)).toEqual({
      kind: 'nocache',
      vif: 1,
      source: '10.100.0.3',
      group: '239.3.3.3',
    });
    const igmp = Buffer.alloc(28);
    igmp[9] = 2; // an IP header's protocol field: IGMP
    expect(decodeUpcall(igmp)).toBeUndefined();
    expect(decodeUpcall(Buffer.alloc(5))).toBeUndefined();
  });
});

describe('kernel multicast counters', () => {
  it('reads /proc/net/ip_mr_cache as a router container prints it', () => {
    const text = `Group    Origin   Iif     Pkts    Bytes    Wrong Oifs
030303EF 0300640A 0         20     1840        0  1:1    2:1
0404E0EF 0400640A 1          0        0        3
`;
    expect(parseMrCache(text)).toEqual([
      {
        source: '10.100.0.3',
        group: '239.3.3.3',
        iif: 0,
        oifs: [1, 2],
        packets: 20,
        bytes: 1840,
        wrongIf: 0,
      },
      { source: '10.100.0.4', group: '239.224.4.4', iif: 1, oifs: [], packets: 0, bytes: 0, wrongIf: 3 },
    ]);
  });

  it('reads /proc/net/ip_mr_vif', () => {
    const text = `Interface      BytesIn  PktsIn  BytesOut PktsOut Flags Local    Remote
 0 eth0           1840      20         0       0 00008 00000002 00000000
 1 eth1              0       0      1840      20 00008 00000003 00000000
`;
    expect(parseMrVif(text)).toEqual([
      { index: 0, name: 'eth0', bytesIn: 1840, packetsIn: 20, bytesOut: 0, packetsOut: 0 },
      { index: 1, name: 'eth1', bytesIn: 0, packetsIn: 0, bytesOut: 1840, packetsOut: 20 },
    ]);
  });
});
