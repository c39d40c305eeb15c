import { seededRandom } from '../../common/sim/random.js';
import { type CheckSpec, checkDeliveries } from '../check/checker.js';
import type { Ordering, Reliability, TransportKind } from '../group-types/options.js';
import { runGroupSim, type SimScenario } from './group-sim.js';

/**
 * One seed's schedule for a reliability × ordering × transport combination: group size, workload,
 * impairments and window sizes all drawn from the seed, kept small so thousands of seeds run quickly.
 */
export function matrixScenario(
  transport: TransportKind,
  reliability: Reliability,
  ordering: Ordering,
  seed: number,
): SimScenario {
  const r = seededRandom(seed * 104_729 + 17);
  const small = r.next() < 0.3; // a third of the seeds run with tight windows: back-pressure
  return {
    seed,
    members: 3 + r.int(3),
    group: {
      transport,
      reliability,
      ordering,
      closed: r.next() < 0.5,
      window: small ? 2 + r.int(3) : 32,
      maxBuffered: small ? 4 + r.int(5) : 1024,
    },
    impairments: {
      loss: r.next() * 0.25,
      duplicate: r.next() * 0.1,
      reorder: r.next() * 0.5,
      jitterMs: 1 + r.next() * 15,
    },
    messagesPerSender: 2 + r.int(7),
    sendWindowMs: 20 + r.next() * 200,
  };
}

/** Runs one seed and checks its delivery logs; returns a description of what went wrong, if anything. */
export function checkSeed(
  transport: TransportKind,
  reliability: Reliability,
  ordering: Ordering,
  seed: number,
): string | undefined {
  const scenario = matrixScenario(transport, reliability, ordering, seed);
  const result = runGroupSim(scenario);
  const spec: CheckSpec = { reliability, ordering, sent: result.sent, limit: 3 };
  const violations = checkDeliveries(result.logs, spec);
  if (violations.length === 0) return undefined;
  return `seed ${seed}: ${violations.map((v) => `${v.property}${v.node ? ` at ${v.node}` : ''}: ${v.detail}`).join('; ')}`;
}
