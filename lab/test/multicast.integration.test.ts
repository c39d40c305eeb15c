import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { igmpTimers } from '../../router-sim/igmp/timers.js';
import {
  type GroupStats,
  pollUntil,
  pollUntilOrTimeout,
  received,
  rxPackets,
  useLab,
} from '../testing/lab-fixture.js';
import { groupListed, snoopingSettled } from '../testing/router-probe.js';

const GROUP = '239.2.2.2';
const COUNT = 40;
/** Link counters also see IGMP: general and group-specific queries flood every port. Well under COUNT. */
const NOISE = 10;
const fast = igmpTimers('fast');

for (const snooping of ['on', 'off'] as const) {
  // The same one-LAN lab (r1 is its IGMP querier), with the bridge's IGMP snooping on and off.
  const file = join(tmpdir(), `mcast-lab-snooping-${snooping}.yaml`);
  const source = await readFile('topologies/snooping.yaml', 'utf8');
  await writeFile(file, source.replace(/snooping: on/, `snooping: ${snooping}`));

  describe(`same-subnet multicast, snooping ${snooping}`, () => {
    const lab = useLab(file, `snoop-${snooping}`);
    const send = () => lab.agent('h1', 'send', { group: GROUP, count: COUNT, size: 300, rate: 500 });

    it('applies the snooping mode to the bridge', () => {
      expect(lab.inspection.networks[0]?.snooping).toBe(snooping === 'on');
    });

    it(`delivers every datagram to the member; the non-member's port ${snooping === 'on' ? 'stays quiet' : 'is flooded'}`, async () => {
      await lab.agent('h2', 'join', { group: GROUP });
      await groupListed(lab, 'r1', 'lan1', GROUP);
      await snoopingSettled(lab, 'r1', fast);
      const before = await rxPackets(lab, 'h3');
      await send();
      const h2 = await pollUntil(
        () =>
          lab.agent<GroupStats & { groups: Record<string, { senders: Record<string, number> }> }>(
            'h2',
            'stats',
          ),
        (s) => (s.groups[GROUP]?.received ?? 0) >= COUNT,
        { what: `h2 to receive all ${COUNT} datagrams of ${GROUP}`, lastSeen: (s) => s.groups[GROUP] },
      );
      expect(h2.groups[GROUP]).toMatchObject({ received: COUNT, senders: { h1: COUNT }, duplicates: 0 });
      const h3Traffic = (await rxPackets(lab, 'h3')) - before;
      if (snooping === 'on') expect(h3Traffic).toBeLessThan(NOISE);
      else expect(h3Traffic).toBeGreaterThanOrEqual(COUNT);
    });

    it(`after the last member leaves, ${snooping === 'on' ? 'its port stops carrying the group' : 'the group still floods'}`, async () => {
      await lab.agent('h2', 'leave', { group: GROUP });
      // The querier's group-specific queries go unanswered: the group is gone after Last Member Query Time.
      await groupListed(lab, 'r1', 'lan1', GROUP, {
        listed: false,
        timeoutMs: fast.lastMemberQueryTime + 5_000,
      });
      // The bridge keeps its own last-member timer: wait until its group database lets go of h2's port.
      const bridge = lab.inspection.networks[0]?.bridge ?? '';
      const snooped = async () =>
        (
          JSON.parse((await execa('bridge', ['-j', 'mdb', 'show', 'dev', bridge])).stdout) as {
            mdb: { grp: string }[];
          }[]
        )
          .flatMap((b) => b.mdb)
          .some((entry) => entry.grp === GROUP);
      await pollUntil(snooped, (present) => !present, {
        what: `the bridge's group database to let go of ${GROUP}`,
        timeoutMs: 5_000,
      });
      const before = await rxPackets(lab, 'h2');
      await send();
      // Snooping on, the port must stay quiet: watch it for a whole second (or until the stream shows up).
      const { value: after } = await pollUntilOrTimeout(
        () => rxPackets(lab, 'h2'),
        (n) => n - before >= COUNT,
        { timeoutMs: 1_000 },
      );
      const h2Traffic = after - before;
      if (snooping === 'on') expect(h2Traffic, "frames on h2's port within 1 s").toBeLessThan(NOISE);
      else expect(h2Traffic, "frames on h2's port within 1 s").toBeGreaterThanOrEqual(COUNT);
      expect(await received(lab, 'h2', GROUP)).toBe(COUNT); // the agent left: nothing more is delivered
    });
  });
}
