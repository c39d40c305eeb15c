import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil, useLab } from './lab-fixture.js';

type Stats = { groups: Record<string, { received: number; senders: Record<string, number> }> };
const GROUP = '239.2.2.2';
const COUNT = 40;

/** Packets the node's eth0 has received, from the kernel's link counters (veth keeps no multicast count). */
const rxPackets = async (lab: ReturnType<typeof useLab>, node: string) => {
  const { stdout } = await lab.exec(node, ['ip', '-j', '-s', 'link', 'show', 'eth0']);
  return (JSON.parse(stdout) as { stats64: { rx: { packets: number } } }[])[0]?.stats64.rx.packets ?? 0;
};

for (const snooping of ['on', 'off'] as const) {
  // The same one-LAN lab, with the bridge's IGMP snooping on and off.
  const file = join(tmpdir(), `mcast-lab-snooping-${snooping}.yaml`);
  const source = await readFile('topologies/snooping.yaml', 'utf8');
  await writeFile(file, source.replace(/snooping: on/, `snooping: ${snooping}`));

  describe(`same-subnet multicast, snooping ${snooping}`, () => {
    const lab = useLab(file, `snoop-${snooping}`);

    it('applies the snooping mode to the bridge', () => {
      expect(lab.inspection.networks[0]?.snooping).toBe(snooping === 'on');
    });

    it('delivers every datagram to the member and none to the non-member', async () => {
      await lab.agent('h2', 'join', { group: GROUP });
      const before = await rxPackets(lab, 'h3');
      await lab.agent('h1', 'send', { group: GROUP, count: COUNT, size: 300, rate: 500 });
      const h2 = await pollUntil(
        () => lab.agent<Stats>('h2', 'stats'),
        (s) => (s.groups[GROUP]?.received ?? 0) >= COUNT,
      );
      expect(h2.groups[GROUP]).toMatchObject({ received: COUNT, senders: { h1: COUNT } });
      const h3 = await lab.agent<Stats>('h3', 'stats');
      expect(h3.groups[GROUP]?.received ?? 0).toBe(0);
      if (snooping === 'off') {
        // Without snooping the bridge floods the group to every port, members or not.
        expect((await rxPackets(lab, 'h3')) - before).toBeGreaterThanOrEqual(COUNT);
      }
    });

    it('stops delivering after leave', async () => {
      await lab.agent('h2', 'leave', { group: GROUP });
      await lab.agent('h1', 'send', { group: GROUP, count: 10, rate: 500 });
      await new Promise((r) => setTimeout(r, 300));
      const h2 = await lab.agent<Stats>('h2', 'stats');
      expect(h2.groups[GROUP]?.received).toBe(COUNT);
    });
  });
}
