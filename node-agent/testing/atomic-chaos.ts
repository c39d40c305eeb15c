import { seededRandom } from '../../common/sim/random.js';
import type { AtomicOrdering } from '../atomic/ordering.js';
import { checkViewSynchrony } from '../check/view-synchrony.js';
import type { TransportKind } from '../group-types/options.js';
import { showLog } from './atomic-fixtures.js';
import { AtomicSim } from './atomic-sim.js';

const TRANSPORTS: TransportKind[] = ['ip-multicast', 'unicast', 'hierarchical'];

/**
 * One seeded run of random trouble: 4–6 members under loss, duplication and reordering; sends, crashes
 * (some in the middle of a multicast), restarts on the store, partitions and heals at random times.
 * At the end everything heals and restarts; the members must settle in one view, and their logs must
 * pass the view-synchrony checker. Returns what went wrong, if anything.
 */
export function chaosRun(seed: number, ordering: AtomicOrdering = 'fifo', rounds = 12): string | undefined {
  const r = seededRandom(seed * 48_271 + 11);
  const mode = r.next() < 0.5 ? 'merge' : 'primary';
  const uniform = r.next() < 0.4;
  const transport = TRANSPORTS[r.int(TRANSPORTS.length)] ?? 'ip-multicast';
  const sim = new AtomicSim({
    seed,
    members: 4 + r.int(3),
    partitionMode: mode,
    uniform,
    transport,
    ordering,
    impairments: {
      loss: r.next() * 0.1,
      duplicate: r.next() * 0.05,
      reorder: r.next() * 0.3,
      jitterMs: 1 + r.int(8),
    },
  });
  const describe = `seed ${seed} (${ordering}, ${mode}, uniform ${uniform}, ${transport}, ${sim.ids.length} members)`;
  const dump = () => sim.ids.map((id) => `\n  ${id}: ${showLog(sim.logs[id] ?? [])}`).join('');
  if (!sim.joinAll(15_000)) return `${describe}: no first view${dump()}`;
  const pick = (ids: string[]) => ids[r.int(ids.length)];
  let partitioned = false;
  for (let round = 0; round < rounds; round++) {
    const alive = sim.ids.filter((id) => sim.isAlive(id));
    const dead = sim.ids.filter((id) => !sim.isAlive(id));
    const action = r.next();
    if (action < 0.35) {
      for (const id of alive)
        for (let i = 0; i < r.int(4); i++) sim.member(id).send(Buffer.from(`${id} r${round} ${i}`));
    } else if (action < 0.5 && alive.length > 2) {
      const victim = pick(alive) as string;
      sim.crashAfter(victim, r.int(6));
      sim.member(victim).send(Buffer.from(`${victim} last words r${round}`));
    } else if (action < 0.6 && alive.length > 2) {
      sim.crash(pick(alive) as string);
    } else if (action < 0.75 && dead.length > 0) {
      sim.restart(pick(dead) as string);
    } else if (action < 0.88 && !partitioned) {
      const shuffled = [...sim.ids].sort(() => r.next() - 0.5);
      const at = 1 + r.int(sim.ids.length - 1);
      sim.partition([shuffled.slice(0, at), shuffled.slice(at)]);
      partitioned = true;
    } else {
      sim.heal();
      partitioned = false;
    }
    sim.run(100 + r.int(1_500));
  }
  sim.heal();
  for (const id of sim.ids) {
    sim.spare(id);
    if (!sim.isAlive(id)) sim.restart(id);
  }
  const settled = sim.runUntil(() => sim.settled(sim.ids), 40_000);
  sim.run(300);
  const states = sim.ids.map((id) => `${id}:${sim.member(id).state()}@${sim.member(id).view().id}`).join(' ');
  if (!settled && process.env.CHAOS_DEBUG)
    for (const id of sim.ids) console.log(id, JSON.stringify(sim.member(id).inspect()));
  sim.stopAll();
  if (!settled) {
    return `${describe}: did not settle in one view (${states})${dump()}`;
  }
  // Uniform delivery holds against crashes; across a merge-mode partition both sides flush on their own.
  const violations = checkViewSynchrony(sim.logs, {
    limit: 3,
    uniform: uniform && mode === 'primary',
    total: ordering !== 'fifo',
  });
  if (violations.length > 0) return `${describe}: ${JSON.stringify(violations)}${dump()}`;
  return undefined;
}
