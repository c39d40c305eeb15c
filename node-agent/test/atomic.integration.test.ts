import { join as pathJoin } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../common/poll.js';
import { createRuntime } from '../../lab/docker/context.js';
import { nodeRunDir } from '../../lab/docker/names.js';
import { mcastLabJson } from '../../lab/testing/cli.js';
import { useLab } from '../../lab/testing/lab-fixture.js';
import { readDeliveryLogs } from '../check/read-log.js';
import { checkViewSynchrony } from '../check/view-synchrony.js';
import type { DeliveryRecord } from '../group-types/delivery-record.js';

const MEMBERS = ['h1', 'h2', 'h3', 'h4', 'h5']; // lan1: h1 h2, lan2: h3 h4, lan3: h5
type Membership = { members: string[]; view: number; coordinator?: string; state?: string };

describe('atomic multicast, views, crash recovery and 2PC across three subnets (topologies/one-router.yaml)', () => {
  const lab = useLab('topologies/one-router.yaml', 'atomic');
  const ctx = createRuntime();
  const cli = <T = unknown>(...args: string[]) => mcastLabJson<T>(...args, '--lab', lab.name);
  const membership = (node: string, group: string) =>
    lab.agent<Membership>(node, 'query_membership', { group });
  const viewOf = (nodes: string[], group: string, members: number) =>
    Promise.all(
      nodes.map((node) =>
        pollUntil(
          () => membership(node, group),
          (m) => m.members.length === members && m.state === 'member',
          { what: `${node} to be a member of ${group} in a view of ${members}`, timeoutMs: 20_000 },
        ),
      ),
    );
  const join = async (nodes: string[], group: string, extra: Record<string, unknown> = {}) => {
    for (const node of nodes) await lab.agent(node, 'join_group', { group, atomic: true, ...extra });
  };
  const logs = async (nodes: string[]) =>
    readDeliveryLogs(
      Object.fromEntries(nodes.map((n) => [n, pathJoin(nodeRunDir(ctx, lab.name, n), 'deliveries.jsonl')])),
    );
  const messages = (records: DeliveryRecord[] | undefined, group: string, sender?: string) =>
    (records ?? []).filter((r) => r.group === group && (sender === undefined || r.sender === sender));

  it('delivers a crashed sender’s messages to every survivor or to none: 20 trials in 4 crashes', async () => {
    for (let round = 0; round < 4; round++) {
      const groups = Array.from({ length: 5 }, (_, i) => `239.80.${round}.${i + 1}`);
      for (const group of groups) await join(MEMBERS, group);
      for (const group of groups) await viewOf(MEMBERS, group, 5);
      // h1 multicasts in all five groups at once and dies half-way through.
      for (const group of groups)
        void lab.agent('h1', 'send_to_group', { group, count: 200, size: 200, rate: 400 }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 150 + 50 * round));
      await cli('crash', 'h1');
      const survivors = MEMBERS.slice(1);
      for (const group of groups) await viewOf(survivors, group, 4);
      const { logs: records, entries } = await logs(survivors);
      for (const group of groups) {
        const delivered = survivors.map((node) =>
          messages(records[node], group, 'h1')
            .map((r) => r.msgId)
            .sort(),
        );
        expect(delivered[0]?.length, `round ${round} ${group}: h1 got some out`).toBeGreaterThan(0);
        for (const other of delivered.slice(1))
          expect(other, `${group}: all or nothing`).toEqual(delivered[0]);
      }
      expect(checkViewSynchrony(entries)).toEqual([]);
      await cli('restart', 'h1');
    }
  });

  it('catches a crashed member up from its store after a restart, with no loss and no duplicate', async () => {
    const group = '239.81.0.1';
    await join(MEMBERS, group);
    await viewOf(MEMBERS, group, 5);
    await lab.agent('h3', 'send_to_group', { group, count: 20, size: 200 });
    await cli('crash', 'h2');
    await viewOf(['h1', 'h3', 'h4', 'h5'], group, 4);
    await lab.agent('h3', 'send_to_group', { group, count: 20, size: 200 });
    await lab.agent('h5', 'send_to_group', { group, count: 20, size: 200 });
    await cli('restart', 'h2');
    await join(['h2'], group);
    await viewOf(MEMBERS, group, 5);
    const complete = (records: Record<string, DeliveryRecord[]>) => messages(records.h2, group).length >= 60;
    await pollUntil(async () => (await logs(['h2'])).logs, complete, {
      what: `h2's delivery log to hold 60 messages of ${group} after catching up`,
      timeoutMs: 20_000,
      intervalMs: 200,
      lastSeen: (records) => `${messages(records.h2, group).length} messages of ${group}`,
    });
    const { logs: records, entries } = await logs(MEMBERS);
    const ids = (node: string) => messages(records[node], group).map((r) => `${r.sender} ${r.msgId}`);
    expect(new Set(ids('h2')).size).toBe(ids('h2').length); // no duplicate across the crash
    expect([...ids('h2')].sort()).toEqual([...ids('h3')].sort()); // no loss
    expect(ids('h2')).toHaveLength(60);
    expect(checkViewSynchrony(entries, { group })).toEqual([]);
  });

  it('after a 3 | 2 partition heals: merge mode merges the sides, primary mode lets only the majority go on', async () => {
    const [merge, primary] = ['239.82.0.1', '239.82.0.2'];
    await join(MEMBERS, merge, { partitionMode: 'merge' });
    await join(MEMBERS, primary, { partitionMode: 'primary' });
    await viewOf(MEMBERS, merge, 5);
    await viewOf(MEMBERS, primary, 5);
    await cli('partition', 'h1,h2,h3', '/', 'h4,h5');
    await viewOf(['h1', 'h2', 'h3'], merge, 3);
    await viewOf(['h4', 'h5'], merge, 2); // merge: both sides go on
    await viewOf(['h1', 'h2', 'h3'], primary, 3);
    const minority = await pollUntil(
      () => membership('h4', primary),
      (m) => m.state === 'blocked',
      { what: `h4, in the minority, to block in primary-mode group ${primary}`, timeoutMs: 20_000 },
    );
    expect(minority.state).toBe('blocked'); // primary: the minority stops
    await cli('heal');
    await viewOf(MEMBERS, merge, 5);
    await viewOf(MEMBERS, primary, 5);
    const { entries } = await logs(MEMBERS);
    expect(checkViewSynchrony(entries, { group: primary })).toEqual([]);
  });

  it('runs two-phase commit: commit, abort, and coordinator and participant crashes', async () => {
    const group = '239.83.0.1';
    await join(MEMBERS, group, { uniform: true });
    await viewOf(MEMBERS, group, 5);
    const outcome = (node: string, tx: string) =>
      lab.agent<{ outcome: string | null }>(node, 'twopc_status', { group, tx }).then((s) => s.outcome);
    const agreed = async (nodes: string[], tx: string) => {
      const outcomes = await pollUntil(
        () => Promise.all(nodes.map((n) => outcome(n, tx))),
        (all) => all.every((o) => o !== null),
        { what: `${nodes.join(', ')} to know the outcome of ${tx}`, timeoutMs: 20_000 },
      );
      expect(new Set(outcomes).size, `${tx}: ${outcomes.join(',')}`).toBe(1);
      return outcomes[0];
    };

    expect(await lab.agent('h1', 'twopc_commit', { group, tx: 'commit-1', payload: 'x=1' })).toMatchObject({
      outcome: 'commit',
    });
    expect(await agreed(MEMBERS, 'commit-1')).toBe('commit');

    await lab.agent('h3', 'twopc_vote', { group, vote: 'no' });
    expect(await lab.agent('h1', 'twopc_commit', { group, tx: 'abort-1' })).toMatchObject({
      outcome: 'abort',
    });
    expect(await agreed(MEMBERS, 'abort-1')).toBe('abort');
    await lab.agent('h3', 'twopc_vote', { group, vote: 'yes' });

    // The coordinator dies before the decision: the survivors decide, the restarted coordinator learns it.
    void lab.agent('h1', 'twopc_commit', { group, tx: 'before-1' }).catch(() => {});
    await cli('crash', 'h1');
    const survivors = ['h2', 'h3', 'h4', 'h5'];
    const before = await agreed(survivors, 'before-1');
    await cli('restart', 'h1');
    await join(['h1'], group, { uniform: true });
    await viewOf(MEMBERS, group, 5);
    expect(await agreed(['h1'], 'before-1')).toBe(before);

    // The coordinator dies after the decision: everyone keeps it.
    expect(await lab.agent('h1', 'twopc_commit', { group, tx: 'after-1' })).toMatchObject({
      outcome: 'commit',
    });
    await cli('crash', 'h1');
    expect(await agreed(survivors, 'after-1')).toBe('commit');
    await cli('restart', 'h1');
    await join(['h1'], group, { uniform: true });
    await viewOf(MEMBERS, group, 5);
    expect(await agreed(['h1'], 'after-1')).toBe('commit');

    // A participant dies during the transaction: the others agree, and so does it once back.
    void lab.agent('h2', 'twopc_commit', { group, tx: 'participant-1' }).catch(() => {});
    await cli('crash', 'h4');
    const rest = ['h1', 'h2', 'h3', 'h5'];
    const decided = await agreed(rest, 'participant-1');
    await cli('restart', 'h4');
    await join(['h4'], group, { uniform: true });
    await viewOf(MEMBERS, group, 5);
    expect(await agreed(['h4'], 'participant-1')).toBe(decided);
  });
});
