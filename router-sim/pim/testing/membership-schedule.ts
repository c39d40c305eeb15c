import { seededRandom } from '../../../common/sim/random.js';
import type { SimNetwork, SimRouterProcess } from './sim-network.js';

/** A stretch of time during which `lan` has members of the group, or none. */
export interface Period<Lan extends string = string> {
  lan: Lan;
  from: number;
  to: number;
  member: boolean;
}

export interface ScheduleOptions<Lan extends string> {
  /** Draws the schedule: the same seed, the same schedule. */
  seed: number;
  lans: readonly Lan[];
  group: string;
  from: number;
  until: number;
  /** Each state lasts `minMs` plus up to `spreadMs`. */
  minMs: number;
  spreadMs: number;
}

/**
 * Members come and go on `lans` between `from` and `until`, each LAN starting with or without them at
 * random; the changes are set on the network's clock. Returns the periods, for the invariants.
 */
export function membershipSchedule<R extends SimRouterProcess, Lan extends string>(
  net: SimNetwork<R>,
  options: ScheduleOptions<Lan>,
): Period<Lan>[] {
  const { seed, lans, group, until, minMs, spreadMs } = options;
  const random = seededRandom(seed);
  const periods: Period<Lan>[] = [];
  for (const lan of lans) {
    let member = random.next() < 0.5;
    for (let from = options.from; from < until; member = !member) {
      const to = Math.min(until, from + minMs + random.int(spreadMs));
      periods.push({ lan, from, to, member });
      const present = member;
      net.clock.setTimer(from - net.clock.now(), () => net.setMember(lan, group, present));
      from = to;
    }
  }
  return periods;
}
