import { seededRandom } from '../../common/sim/random.js';
import { LabInputError } from '../errors.js';
import { formatIpv4, parseIpv4 } from '../topology/addressing.js';
import { sample } from './sample.js';

export interface WorkloadOptions {
  name: string;
  groups: number;
  /** Sources in all, dealt to the groups in turn. */
  sources: number;
  /** Members of each group. */
  members: number;
  /** Seconds. */
  duration: number;
  /** Datagrams per second per source. */
  rate: number;
  seed: number;
}

/** A workload in the file format (the keys as YAML spells them). */
export interface WorkloadDocument {
  name: string;
  duration: number;
  sources: { host: string; group: string; rate: number; size: number }[];
  members: { host: string; group: string; join: number }[];
}

const FIRST_GROUP = parseIpv4('239.1.0.1') ?? 0;
export const MAX_GROUPS = 65_535;
const PAYLOAD_BYTES = 500;
// Members join over the first seconds (at most this many), not all in the same instant.
const JOIN_WINDOW = 5;

/**
 * Sources on hosts drawn from the seed, spread over groups 239.1.0.1, 239.1.0.2, …; each group's
 * members drawn from the hosts that do not send to it, joining at times spread over the first seconds.
 */
export function generateWorkload(hosts: readonly string[], options: WorkloadOptions): WorkloadDocument {
  if (hosts.length === 0) throw new LabInputError('a workload needs hosts: --hosts-per-lan is 0');
  const random = seededRandom(options.seed);
  const group = (g: number) => formatIpv4(FIRST_GROUP + g);
  // Distinct hosts while there are enough; then hosts send to several groups.
  const senders = Array.from({ length: Math.ceil(options.sources / hosts.length) }).flatMap(() =>
    sample(random, hosts.length, hosts.length),
  );
  const sources = Array.from({ length: options.sources }, (_, s) => ({
    host: senders[s] as number,
    group: s % options.groups,
  }));
  const window = Math.min(JOIN_WINDOW, options.duration / 2);
  const members = Array.from({ length: options.groups }, (_, g) => {
    const sending = new Set(sources.filter((s) => s.group === g).map((s) => s.host));
    const listeners = hosts.flatMap((_, h) => (sending.has(h) ? [] : [h]));
    if (options.members > listeners.length) {
      throw new LabInputError(
        `--members ${options.members} is more than the ${listeners.length} hosts that do not send to ${group(g)}`,
      );
    }
    return sample(random, listeners.length, options.members).map((i) => ({
      host: hosts[listeners[i] as number] as string,
      group: group(g),
      join: Math.round(random.next() * window * 10) / 10,
    }));
  });
  return {
    name: options.name,
    duration: options.duration,
    sources: sources.map((s) => ({
      host: hosts[s.host] as string,
      group: group(s.group),
      rate: options.rate,
      size: PAYLOAD_BYTES,
    })),
    members: members.flat(),
  };
}
