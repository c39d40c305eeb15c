import type { WorkloadRun } from '../compare/run-workload.js';
import type { Workload } from '../workload/model.js';
import type { Twin } from './twin.js';

/** Virtual time between counter samples, and after the workload's end before the last readings, as compare has them. */
const SAMPLE_MS = 500;
const SETTLE_MS = 1_500;
/** Steps in which virtual time advances, so the routers' (promised) counter reads resolve on the way. */
const STEP_MS = 10;

/** How long a fresh twin gets for PIM to come up, in virtual time, as compare gives a real lab. */
export const TWIN_CONVERGE_MS = 30_000;

/** Advances the twin's clock by `ms`, a step at a time. */
export async function advance(twin: Twin, ms: number, onStep?: () => void): Promise<void> {
  const end = twin.clock.now() + ms;
  while (twin.clock.now() < end) {
    twin.clock.advance(Math.min(STEP_MS, end - twin.clock.now()));
    await new Promise<void>((resolve) => setImmediate(resolve));
    onStep?.();
  }
}

/** Runs the twin until every PIM router sees all its neighbors; false if that takes too long. */
export async function converge(twin: Twin, timeoutMs = TWIN_CONVERGE_MS): Promise<boolean> {
  const deadline = twin.clock.now() + timeoutMs;
  while (!twin.converged()) {
    if (twin.clock.now() >= deadline) return false;
    await advance(twin, 100);
  }
  return true;
}

/**
 * Plays a workload on a converged twin in virtual time, as runWorkload plays it on a real lab: sources
 * send at their rates, members join and leave on cue, the networks' counters are sampled all along,
 * then the planes' and hosts' counters are read.
 */
export async function runOnTwin(
  twin: Twin,
  workload: Workload,
  onTick?: (seconds: number) => void,
): Promise<WorkloadRun> {
  const { clock } = twin;
  const started = clock.now();
  const at = (seconds: number, fire: () => void) => clock.setTimer(seconds * 1000, fire);
  const groups = [...new Set(workload.sources.map((s) => s.group))];

  for (const source of workload.sources) {
    const count = Math.max(1, Math.round(source.rate * (source.stop - source.start)));
    for (let i = 0; i < count; i++)
      at(source.start + i / source.rate, () => twin.sendData(source.host, source.group, source.size));
  }
  const joins = workload.members.map((member) => {
    const host = twin.hosts.get(member.host);
    const join = {
      host: member.host,
      group: member.group,
      at: member.join,
      latencyMs: null as number | null,
    };
    let joinedAt = 0;
    at(member.join, () => {
      joinedAt = clock.now();
      host?.join(member.group);
    });
    const until = member.leave ?? workload.duration;
    at(until, () => {
      const first = host?.reception(member.group)?.firstAt;
      if (first !== undefined && first >= joinedAt) join.latencyMs = first - joinedAt;
      if (member.leave !== undefined) host?.leave(member.group);
    });
    return join;
  });

  const samples: WorkloadRun['samples'] = [];
  const sample = () =>
    samples.push({
      t: (clock.now() - started) / 1000,
      // Only what moved: a large lab's samples would otherwise be mostly zeros (readers take a missing counter as 0).
      counters: twin.dataCounters(),
    });
  // Samples fall between the workload's cues (whole and half seconds), as a real run's drift off them.
  const end = workload.duration * 1000 + SETTLE_MS;
  sample();
  for (let t = 0; t < end; ) {
    const step = Math.min(t === 0 ? SAMPLE_MS / 2 : SAMPLE_MS, end - t);
    await advance(twin, step);
    t += step;
    sample();
    onTick?.(Math.min(t / 1000, workload.duration));
  }

  const members = [...new Map(workload.members.map((m) => [`${m.host} ${m.group}`, m])).values()];
  return {
    samples,
    counters: twin.counters(groups),
    forwarded: await twin.forwarded(),
    delivered: members.map(({ host, group }) => {
      const reception = twin.hosts.get(host)?.reception(group);
      return { host, group, received: reception?.received ?? 0, duplicates: reception?.duplicates ?? 0 };
    }),
    joins,
    state: twin.stateCounts(),
    seconds: (clock.now() - started) / 1000,
  };
}
