import { describe, expect, it } from 'vitest';
import { startCapture } from '../../lab/testing/capture.js';
import { pollUntil, received, useLab } from '../../lab/testing/lab-fixture.js';
import { pimNeighborsUp, showMroute } from '../../lab/testing/router-probe.js';

const GROUP = '239.10.10.10';

describe("router-sim's PIM on the wire, decoded by tcpdump (topologies/diamond.yaml)", () => {
  const lab = useLab('topologies/diamond.yaml', 'pimwire');

  it('sends Hello, Join/Prune, Assert, Graft and Graft-Ack, every one with a correct checksum', async () => {
    // Every router knows its neighbors (Hellos seen), then the capture starts.
    await pimNeighborsUp(lab);
    const capture = await startCapture(['-i', 'any', 'pim']);
    await lab.agent('h2', 'join', { group: GROUP });
    void lab.agent('h1', 'send', { group: GROUP, count: 400, size: 100, rate: 50 }, 60_000).catch(() => {});
    // flood, assert, the loser prunes
    await pollUntil(
      () => received(lab, 'h2', GROUP),
      (n) => n > 10,
      { what: `h2 to receive more than 10 datagrams of ${GROUP}` },
    );
    await lab.agent('h2', 'leave', { group: GROUP }); // the winner prunes toward r0
    await pollUntil(
      () => showMroute(lab, 'r0'),
      (rows) => rows.find((r) => r.group === GROUP)?.oifs.length === 0,
      {
        what: `r0's ${GROUP} entry to have no oifs once h2 left (the winner's Prune)`,
        lastSeen: (rows) => rows.find((r) => r.group === GROUP),
      },
    );
    const beforeGraft = await received(lab, 'h2', GROUP);
    await lab.agent('h2', 'join', { group: GROUP }); // ...and grafts back
    // data again: grafted
    await pollUntil(
      () => received(lab, 'h2', GROUP),
      (n) => n > beforeGraft,
      { what: `h2 to receive ${GROUP} again after rejoining (Graft)` },
    );
    const stdout = await capture.stop();

    // Each packet: the IP line, then the PIM lines; tcpdump -i any shows each once per interface it crosses.
    const packets = stdout.split(/\n(?=\d\d:\d\d:\d\d)/).filter((p) => p.includes('PIMv2'));
    const kinds = new Set(packets.map((p) => /PIMv2, length \d+\s+(\w[\w /]*?),/.exec(p)?.[1]));
    expect(kinds).toEqual(new Set(['Hello', 'Join / Prune', 'Assert', 'Graft', 'Graft Acknowledgement']));
    for (const packet of packets) {
      expect(packet, packet).toContain('(correct)');
      expect(packet, packet).not.toMatch(/incorrect|bad cksum|\[\|pim/);
    }
  });
});
