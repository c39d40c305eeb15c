import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAB_PREFIX } from '../../testing/lab-fixture.js';
import { deployLab, uniqueLabName } from '../deploy-lab.js';
import { checkDeliveries, type Lab } from '../index.js';

/** The library's calls on a real lab: one router, three subnets (topologies/one-router.yaml). */
describe('the Lab API', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await deployLab('topologies/one-router.yaml', { name: uniqueLabName(`${TEST_LAB_PREFIX}api`) });
  });
  afterAll(() => lab?.destroy());

  const GROUP = '239.70.0.1';
  const MEMBERS = ['h1', 'h3', 'h5'];

  it('captures IGMP and UDP decoded, checks a total-order group from its delivery logs, and counts the traffic', async () => {
    const capture = await lab.capture('lan3', { filter: 'igmp or udp' });
    for (const host of MEMBERS) await lab.agent(host).joinGroup(GROUP, { ordering: 'total-sequencer' });
    await lab.waitFor(() => Promise.all(MEMBERS.map((h) => lab.agent(h).queryMembership(GROUP))), {
      until: (views) => views.every((v) => v.members.length === MEMBERS.length),
      what: `every member to see all ${MEMBERS.length} members`,
    });
    await Promise.all(MEMBERS.map((h) => lab.agent(h).sendToGroup(GROUP, { count: 20, rate: 200 })));
    await lab.waitFor(() => Promise.all(MEMBERS.map((h) => lab.agent(h).groupStats(GROUP))), {
      until: (stats) => stats.every((s) => s?.delivered === 60),
      what: 'every member to deliver 60 messages',
    });
    const { packets, file } = await capture.stop();
    expect(file).toMatch(/\.pcap$/);
    const h5 = lab.address('h5');
    expect(packets.some((p) => p.source === h5 && p.igmp?.type === 'v3-report')).toBe(true);
    expect(packets.some((p) => p.udp && p.destination === GROUP)).toBe(true);

    const sent = Object.fromEntries(MEMBERS.map((h) => [h, 20]));
    expect(
      await checkDeliveries(lab, GROUP, { reliability: 'nack', ordering: 'total-sequencer', sent }),
    ).toEqual([]);
    const logs = await lab.deliveries(GROUP);
    expect(MEMBERS.map((h) => logs[h]?.length)).toEqual([60, 60, 60]);
    // Others' logs hold no record of this group: the checker judged the members only.
    expect(logs.h2).toEqual([]);

    const traffic = await lab.traffic();
    expect(traffic.some((c) => c.network === 'lan3' && c.class === 'data' && c.packets > 0)).toBe(true);
  });

  it('crashes and restarts a node, partitions and heals the lab', async () => {
    await lab.crash('h6');
    expect((await lab.health()).find((n) => n.node === 'h6')?.state).toBe('exited');
    await lab.restart('h6');
    expect(await lab.agent('h6').ping()).toBe('pong');
    await lab.partition(['h1', 'r1'], ['h2']);
    const cut = await lab.exec('h1', ['ping', '-c', '1', '-W', '1', lab.address('h2')]);
    expect(cut.exitCode).not.toBe(0);
    await lab.heal();
    const healed = await lab.exec('h1', ['ping', '-c', '1', '-W', '2', lab.address('h2')]);
    expect(healed.exitCode).toBe(0);
  });

  it('fails a wait with what it last saw', async () => {
    await expect(
      lab.waitFor(() => lab.agent('h1').groupStats(GROUP), {
        until: (s) => (s?.delivered ?? 0) > 1_000,
        what: 'more than 1,000 deliveries',
        timeoutMs: 300,
      }),
    ).rejects.toThrow(
      /timed out after 300 ms waiting for more than 1,000 deliveries; last seen: \{.*"delivered":60/,
    );
  });
});
