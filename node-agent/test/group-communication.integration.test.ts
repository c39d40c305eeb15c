import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../common/poll.js';
import { createRuntime } from '../../lab/docker/context.js';
import { nodeRunDir } from '../../lab/docker/names.js';
import { mcastLabJson } from '../../lab/testing/cli.js';
import { useLab } from '../../lab/testing/lab-fixture.js';
import { checkDeliveries } from '../check/checker.js';
import { readDeliveryLogs } from '../check/read-log.js';
import type { DeliveryRecord } from '../group-types/delivery-record.js';
import { ORDERINGS, type Ordering, RELIABILITIES, type Reliability } from '../group-types/options.js';
import type { GroupStats } from '../group-types/stats.js';

const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const SENDERS = ['h1', 'h3', 'h5']; // one per subnet
const PER_SENDER = 30;

/** One group per reliability × ordering, 239.60.<r>.<o>. */
const combinations = RELIABILITIES.flatMap((reliability, r) =>
  ORDERINGS.map((ordering, o) => ({ reliability, ordering, group: `239.60.${r}.${o + 1}` })),
);

describe('group communication across three subnets through r1, 5 % loss on two links (topologies/one-router.yaml)', () => {
  const lab = useLab('topologies/one-router.yaml', 'groups');
  const ctx = createRuntime();
  const stats = async (node: string) =>
    (await lab.agent<{ groups: Record<string, GroupStats> }>(node, 'stats')).groups;
  const logs = async () => {
    const paths = Object.fromEntries(
      HOSTS.map((h) => [h, join(nodeRunDir(ctx, lab.name, h), 'deliveries.jsonl')]),
    );
    const { logs: all, errors } = await readDeliveryLogs(paths);
    expect(errors).toEqual([]);
    return all;
  };
  const only = (all: Record<string, DeliveryRecord[]>, group: string) =>
    Object.fromEntries(
      Object.entries(all).map(([node, records]) => [node, records.filter((r) => r.group === group)]),
    );
  /** Everyone sees all six members: sending before then would leave late joiners out. */
  const settled = (group: string) =>
    Promise.all(
      HOSTS.map((h) =>
        pollUntil(
          () => lab.agent<{ members: string[] }>(h, 'query_membership', { group }),
          (m) => m.members.length === HOSTS.length,
          { what: `${h} to see all ${HOSTS.length} members of ${group}` },
        ),
      ),
    );

  it('delivers every message exactly once, in order, for every reliable combination; best-effort keeps its order', async () => {
    await mcastLabJson('impair', 'lan1', '--loss', '5', '--lab', lab.name);
    await mcastLabJson('impair', 'lan3', '--loss', '5', '--lab', lab.name);
    for (const { reliability, ordering, group } of combinations)
      for (const host of HOSTS) await lab.agent(host, 'join_group', { group, reliability, ordering });
    for (const { group } of combinations) await settled(group);
    await Promise.all(
      combinations.flatMap(({ group }) =>
        SENDERS.map((host) =>
          lab.agent(host, 'send_to_group', { group, count: PER_SENDER, size: 1000, rate: 100 }, 120_000),
        ),
      ),
    );
    const expected = SENDERS.length * PER_SENDER;
    for (const { reliability, group } of combinations.filter((c) => c.reliability !== 'best-effort'))
      await pollUntil(
        () => Promise.all(HOSTS.map(async (h) => (await stats(h))[group]?.delivered ?? 0)),
        (delivered) => delivered.every((n) => n === expected),
        {
          what: `every host to deliver ${expected} messages in ${reliability} group ${group} (delivered per host: ${HOSTS.join(', ')})`,
          timeoutMs: 30_000,
          intervalMs: 250,
        },
      );
    await new Promise((resolve) => setTimeout(resolve, 500)); // best-effort stragglers (stats waits for the log)

    const all = await logs();
    const sent = Object.fromEntries(SENDERS.map((s) => [s, PER_SENDER]));
    for (const { reliability, ordering, group } of combinations) {
      const violations = checkDeliveries(only(all, group), {
        reliability: reliability as Reliability,
        ordering: ordering as Ordering,
        group,
        ...(reliability === 'best-effort' ? {} : { sent }),
      });
      expect(violations, `${reliability} × ${ordering}`).toEqual([]);
    }
    // The loss was real: the reliable groups had to repair.
    const repaired = (await Promise.all(HOSTS.map(stats))).flatMap((groups) =>
      combinations
        .filter((c) => c.reliability !== 'best-effort')
        .map((c) => groups[c.group]?.retransmissions ?? 0),
    );
    expect(repaired.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('rejects and counts messages from an outsider in a closed group', async () => {
    const group = '239.61.0.1';
    for (const host of ['h1', 'h2', 'h3', 'h4']) await lab.agent(host, 'join_group', { group, closed: true });
    await pollUntil(
      () => lab.agent<{ members: string[] }>('h1', 'query_membership', { group }),
      (m) => m.members.length === 4,
      { what: `h1 to see the 4 members of closed group ${group}` },
    );
    await lab.agent('h6', 'send_to_group', { group, count: 10 }); // h6 never joined
    await lab.agent('h2', 'send_to_group', { group, count: 5, closed: true });
    const rejected = await pollUntil(
      async () => (await stats('h1'))[group]?.rejected ?? 0,
      (n) => n >= 10,
      { what: `h1 to reject h6's 10 messages to closed group ${group}` },
    );
    expect(rejected).toBeGreaterThanOrEqual(10);
    // lan1 still loses 5 %: h2's messages may need a repair before h1 logs them all.
    const delivered = await pollUntil(
      async () => only(await logs(), group).h1?.map((r) => r.sender) ?? [],
      (senders) => senders.length >= 5,
      { what: `h1 to log h2's 5 messages to closed group ${group}`, timeoutMs: 20_000 },
    );
    expect(delivered).toEqual(Array(5).fill('h2'));
  });

  it('delivers the same set over unicast fan-out and hierarchical relays as over IP multicast', async () => {
    const transports = ['ip-multicast', 'unicast', 'hierarchical'].map((transport, i) => ({
      transport,
      group: `239.62.0.${i + 1}`,
    }));
    for (const { transport, group } of transports) {
      for (const host of HOSTS) await lab.agent(host, 'join_group', { group, transport, ordering: 'fifo' });
      await settled(group);
    }
    for (const { group } of transports)
      await Promise.all(
        SENDERS.map((host) => lab.agent(host, 'send_to_group', { group, count: 10, rate: 100 })),
      );
    for (const { group } of transports)
      await pollUntil(
        () => Promise.all(HOSTS.map(async (h) => (await stats(h))[group]?.delivered ?? 0)),
        (delivered) => delivered.every((n) => n === 30),
        {
          what: `every host to deliver 30 messages in ${group} (delivered per host: ${HOSTS.join(', ')})`,
          timeoutMs: 20_000,
        },
      );
    const all = await logs();
    const contents = (group: string) =>
      Object.fromEntries(
        Object.entries(only(all, group)).map(([node, records]) => [
          node,
          records.map((r) => `${r.sender} ${r.seq} ${r.sha256}`).sort(),
        ]),
      );
    const [multicast, unicast, hierarchical] = transports.map(({ group }) => contents(group));
    expect(Object.values(multicast ?? {}).every((set) => set.length === 30)).toBe(true);
    expect(unicast).toEqual(multicast);
    expect(hierarchical).toEqual(multicast);
  });
});
