import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil, received, rxPackets, useLab } from '../../lab/testing/lab-fixture.js';
import { groupListed, showMroute, snoopingSettled } from '../../lab/testing/router-probe.js';
import { igmpTimers } from '../igmp/timers.js';

const GROUP = '239.3.3.3';
const COUNT = 50;
/** Link counters also see IGMP: queries flood every port. Well under COUNT. */
const NOISE = 10;
const fast = igmpTimers('fast');
/** Leave → forwarding stopped: Last Member Query Time plus this much for control-socket polling and scheduling. */
const LEAVE_MARGIN_MS = 1_000;

for (const version of [3, 2] as const) {
  const file = join(tmpdir(), `mcast-lab-one-router-v${version}.yaml`);
  const source = await readFile('topologies/one-router.yaml', 'utf8');
  await writeFile(file, source.replace('  profile: fast', `  profile: fast\n  igmp_version: ${version}`));

  describe(`one router, three subnets, IGMPv${version} hosts`, () => {
    const lab = useLab(file, `onerouter-v${version}`);
    const send = (count = COUNT) => lab.agent('h1', 'send', { group: GROUP, count, size: 200, rate: 200 });

    it('forwards h1’s stream to the subnet that joined and to no other', async () => {
      await lab.agent('h3', 'join', { group: GROUP });
      await groupListed(lab, 'r1', 'lan2', GROUP);
      await snoopingSettled(lab, 'r1', fast);
      const lan3Before = await rxPackets(lab, 'h5');
      const lan2NonMemberBefore = await rxPackets(lab, 'h4');
      await send();
      const h3 = await pollUntil(
        () => received(lab, 'h3', GROUP),
        (n) => n >= COUNT,
        { what: `h3 to receive all ${COUNT} datagrams of ${GROUP}` },
      );
      expect(h3).toBe(COUNT);
      // No member on lan3: nothing is routed there. With snooping on, lan2's non-member port is spared too.
      // (A few IGMP queries may arrive meanwhile; the stream is 50 packets.)
      expect((await rxPackets(lab, 'h5')) - lan3Before, 'lan3 (h5)').toBeLessThan(NOISE);
      expect((await rxPackets(lab, 'h4')) - lan2NonMemberBefore, 'lan2 non-member (h4)').toBeLessThan(NOISE);
      const [entry] = (await showMroute(lab, 'r1')).filter((r) => r.group === GROUP);
      expect(entry?.source).toBe(lab.address('h1'));
      expect(entry?.packets).toBeGreaterThanOrEqual(COUNT - 1); // the first packet went up as the upcall
    });

    it('adds a subnet when a host there joins', async () => {
      await lab.agent('h5', 'join', { group: GROUP });
      await groupListed(lab, 'r1', 'lan3', GROUP);
      await send();
      expect(
        await pollUntil(
          () => received(lab, 'h3', GROUP),
          (n) => n >= 2 * COUNT,
          { what: `h3 to receive the second ${COUNT} datagrams of ${GROUP}` },
        ),
      ).toBe(2 * COUNT);
      expect(
        await pollUntil(
          () => received(lab, 'h5', GROUP),
          (n) => n >= COUNT,
          { what: `h5 to receive all ${COUNT} datagrams of ${GROUP}` },
        ),
      ).toBe(COUNT);
    });

    it('stops forwarding to a subnet within Last Member Query Time after its last member leaves', async () => {
      const lan2 = lab.node('r1').interfaces.find((i) => i.network === 'lan2')?.name;
      const left = performance.now();
      await lab.agent('h3', 'leave', { group: GROUP });
      const routes = await pollUntil(
        () => showMroute(lab, 'r1'),
        (rows) => !rows.some((r) => r.group === GROUP && r.oifs.includes(lan2 ?? '')),
        {
          what: `r1 to drop lan2 (${lan2}) from ${GROUP}'s route after h3 left`,
          timeoutMs: fast.lastMemberQueryTime + 5_000,
          lastSeen: (rows) => rows.filter((r) => r.group === GROUP),
        },
      );
      const stoppedAfterMs = performance.now() - left;
      console.info(`IGMPv${version}: leave → lan2 pruned from the route in ${stoppedAfterMs.toFixed(0)} ms`);
      expect(routes.find((r) => r.group === GROUP)?.oifs).not.toContain(lan2);
      expect(stoppedAfterMs).toBeLessThan(fast.lastMemberQueryTime + LEAVE_MARGIN_MS);
      // And the subnet really stops receiving: lan2's other host sees no more of the stream.
      const before = await rxPackets(lab, 'h4');
      await send();
      expect(
        await pollUntil(
          () => received(lab, 'h5', GROUP),
          (n) => n >= 2 * COUNT,
          { what: `h5 to receive the second ${COUNT} datagrams of ${GROUP}` },
        ),
      ).toBe(2 * COUNT);
      expect((await rxPackets(lab, 'h4')) - before).toBeLessThan(NOISE);
    });
  });
}
