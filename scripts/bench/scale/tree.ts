import pLimit from 'p-limit';
import type { Lab } from '../../../lab/api/lab.js';

const GROUP = '239.9.0.1';
const RATE = 20;

/**
 * One source, every other host a member (PIM sparse): the members join, then the source streams, and
 * this measures the seconds from its first datagram until every member has received one — the RP tree
 * built to every member and carrying the stream. Polls the members' counters; the stream stops with the lab.
 */
export async function timeTreeToEveryMember(
  lab: Lab,
  timeoutMs = 120_000,
): Promise<{ members: number; seconds: number }> {
  const [source, ...members] = lab.agents;
  if (!source) throw new Error(`lab ${lab.name} has no hosts`);
  const limit = pLimit(16);
  await Promise.all(members.map((m) => limit(() => lab.agent(m).join(GROUP))));
  const started = performance.now();
  lab
    .agent(source)
    .send(GROUP, { seconds: timeoutMs / 1000, rate: RATE })
    .catch(() => {});
  const waiting = new Set(members);
  await lab.waitFor(
    async () => {
      await Promise.all(
        [...waiting].map((m) =>
          limit(async () => {
            const stats = await lab.agent(m).stats();
            if ((stats.groups[GROUP]?.received ?? 0) > 0) waiting.delete(m);
          }),
        ),
      );
      return waiting.size;
    },
    { until: (left) => left === 0, what: `every member receiving ${GROUP}`, timeoutMs },
  );
  return { members: members.length, seconds: (performance.now() - started) / 1000 };
}
