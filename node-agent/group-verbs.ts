import { join } from 'node:path';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { systemClock } from '../common/clock.js';
import { CONTAINER_RUN_DIR, UsageError } from '../common/control/protocol.js';
import type { VerbHandler } from '../common/control/server.js';
import { seconds, sendingLimits, verb } from '../common/control/verb.js';
import type { NodeConfig } from '../common/node-config.js';
import type { EventSink } from '../common/protocol-events.js';
import { systemRandom } from '../common/sim/random.js';
import { ATOMIC_ORDERINGS, isAtomicOrdering } from './atomic/ordering.js';
import type { DeliveryLog } from './edge/delivery-log.js';
import type { UdpGroups } from './edge/udp-groups.js';
import { atomicGroup, type GroupHandle, plainGroup } from './group-handles.js';
import type { DeliveryRecord } from './group-types/delivery-record.js';
import { parseGroupAddress } from './group-types/group-address.js';
import { ORDERINGS, RELIABILITIES, TRANSPORTS } from './group-types/options.js';
import { viewInstalled } from './membership-events.js';
import type { Vote } from './twopc/two-phase-commit.js';
import { isView, type ViewRecord } from './views/view-record.js';

const group = z.string().refine((text) => !('error' in parseGroupAddress(text)) && !text.includes(':'), {
  error: (issue) => `not a multicast group address: ${String(issue.input)}`,
});
const flag = z.coerce.boolean().default(false);
const options = {
  transport: z.enum(TRANSPORTS).default('ip-multicast'),
  reliability: z.enum(RELIABILITIES).default('nack'),
  ordering: z.enum(ORDERINGS).default('fifo'),
  closed: flag,
  /** Views, virtual synchrony and crash recovery (always reliable and closed; not causal). */
  atomic: flag,
  /** Atomic groups: deliver a message only once every member has it. */
  uniform: flag,
  /** Atomic groups: after a partition heals, merge the sides, or let only a majority go on. */
  partitionMode: z.enum(['merge', 'primary']).default('merge'),
};
type Choice = z.infer<z.ZodObject<typeof options>>;

/** Options a group of the chosen kind would not honour are refused, never echoed and ignored. */
function refuseUnhonoured(choice: Choice): void {
  if (choice.atomic) {
    if (!isAtomicOrdering(choice.ordering))
      throw new UsageError(
        `--ordering ${choice.ordering} is not available with --atomic (valid: ${ATOMIC_ORDERINGS.join(', ')}); ` +
          'a plain group offers causal',
      );
    if (choice.reliability !== 'nack')
      throw new UsageError(
        `--reliability ${choice.reliability} is not available with --atomic: atomic groups are always ` +
          'reliable, repairing gaps by fetching them (valid: nack)',
      );
    return;
  }
  if (choice.uniform) throw new UsageError('--uniform needs --atomic (a plain group has no views)');
  if (choice.partitionMode !== 'merge')
    throw new UsageError('--partition-mode needs --atomic (a plain group has no views)');
}
/** How long a sender that is never blocked runs before it lets the event loop receive. */
const TURN_MS = 5;
const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * Group communication verbs — `join_group`, `leave_group`, `send_to_group`, `query_membership`,
 * `flush_group`, and two-phase commit in atomic groups (`twopc_vote`, `twopc_commit`) — each group a
 * member over the node's UDP sockets, every delivery (and view) appended to the delivery log.
 */
export function groupVerbs(
  config: NodeConfig,
  sockets: UdpGroups,
  log: DeliveryLog,
  /** Where views installed are reported, if anywhere. */
  events?: EventSink,
): { verbs: Record<string, VerbHandler>; stats: () => Promise<Record<string, object>> } {
  const groups = new Map<string, GroupHandle>();
  const votes = new Map<string, Vote>();
  const self = config.node;
  const networkOf = new Map(config.hosts.map((h) => [h.node, h.network]));

  /** The group's member, made on first use (a sender need not join an open group). */
  const handleFor = async (address: string, choice: Choice) => {
    const known = groups.get(address);
    if (known) return known;
    refuseUnhonoured(choice);
    let handle: GroupHandle | undefined;
    const port = await sockets.open(
      address,
      (bytes, from) => handle?.receive(bytes, from),
      choice.transport === 'ip-multicast',
    );
    const setup = {
      clock: systemClock,
      random: systemRandom,
      self,
      options: {
        group: address,
        transport: choice.transport,
        reliability: choice.reliability,
        ordering: choice.ordering,
        closed: choice.closed,
        peers: config.hosts.map((h) => h.node).filter((node) => node !== self),
        subgroupOf: (id: string) => networkOf.get(id) ?? id,
      },
      port,
      log: (record: DeliveryRecord | ViewRecord) => {
        log.append(record);
        if (events && isView(record)) events.record(viewInstalled(record));
      },
    };
    handle = choice.atomic
      ? atomicGroup({
          ...setup,
          storePath: join(CONTAINER_RUN_DIR, `atomic-${address}.log`),
          uniform: choice.uniform,
          partitionMode: choice.partitionMode,
          vote: () => votes.get(address) ?? 'yes',
        })
      : plainGroup(setup);
    groups.set(address, handle);
    return handle;
  };
  const existing = (address: string) => {
    const handle = groups.get(address);
    if (!handle) throw new UsageError(`${self} has no group ${address}; join_group first`);
    return handle;
  };
  const twoPhase = (address: string) => {
    const tpc = existing(address).twoPhaseCommit;
    if (!tpc)
      throw new UsageError(`${address} is not an atomic group: two-phase commit needs join_group --atomic`);
    return tpc;
  };

  const verbs: Record<string, VerbHandler> = {
    join_group: verb(['group'], z.object({ group, ...options }), async ({ group: address, ...choice }) => {
      (await handleFor(address, choice)).join();
      return { joined: address, ...choice };
    }),
    leave_group: verb(['group'], z.object({ group }), async ({ group: address }) => {
      const handle = existing(address);
      await handle.leave();
      handle.stop();
      groups.delete(address);
      sockets.close(address);
      return { left: address };
    }),
    send_to_group: verb(
      ['group'],
      z.object({
        group,
        /** Messages to send (default 1, or as many as `seconds` allows). */
        count: z.coerce.number().int().min(1).max(100_000_000).optional(),
        size: count(1, 60_000, 1000),
        rate: count(0, 100_000, 0),
        seconds,
        /** Also return when each message was sent (ms since epoch, by sequence): benchmarks measure latency. */
        times: flag,
        ...options,
      }),
      async ({ group: address, count: given, size, rate, seconds, times, ...choice }) => {
        const handle = await handleFor(address, choice);
        const started = performance.now();
        const { n, until } = sendingLimits(given, seconds, started);
        let sent = 0;
        let lastTurn = started;
        const sentAt: Record<number, number> = {};
        while (sent < n && performance.now() < until) {
          const body = Buffer.alloc(size, 0x20);
          body.write(`${self} ${sent}`);
          try {
            const { seq } = await handle.sendWhenReady(body);
            if (times) sentAt[seq] = Date.now();
          } catch (error) {
            throw new UsageError(`${self} cannot send to ${address}: ${(error as Error).message}`);
          }
          sent++;
          if (rate > 0) await sleep(Math.max(0, started + (sent * 1000) / rate - performance.now()));
          else if (performance.now() - lastTurn > TURN_MS) {
            // A sender that is never blocked would starve the event loop: let what arrived be received.
            await setImmediate();
            lastTurn = performance.now();
          }
        }
        return { sent, durationMs: performance.now() - started, ...(times ? { sentAt } : {}) };
      },
    ),
    query_membership: verb(['group'], z.object({ group }), ({ group: address }) => ({
      group: address,
      self,
      ...existing(address).membership(),
    })),
    flush_group: verb(['group'], z.object({ group }), async ({ group: address }) => {
      const { flush } = existing(address);
      if (!flush) throw new UsageError(`${address} is atomic: it flushes on every view change`);
      const started = performance.now();
      await flush();
      return { flushed: address, durationMs: performance.now() - started };
    }),
    twopc_vote: verb(
      ['group', 'vote'],
      z.object({ group, vote: z.enum(['yes', 'no']) }),
      ({ group: address, vote }) => {
        twoPhase(address);
        votes.set(address, vote);
        return { group: address, vote };
      },
    ),
    twopc_commit: verb(
      ['group', 'tx'],
      z.object({ group, tx: z.string().min(1), payload: z.string().default('') }),
      async ({ group: address, tx, payload }) => {
        const started = performance.now();
        const outcome = await twoPhase(address).propose(tx, Buffer.from(payload));
        return { group: address, tx, outcome, durationMs: performance.now() - started };
      },
    ),
    twopc_status: verb(
      ['group', 'tx'],
      z.object({ group, tx: z.string().optional() }),
      ({ group: address, tx }) => {
        const tpc = twoPhase(address);
        return {
          group: address,
          inDoubt: tpc.inDoubt(),
          ...(tx ? { tx, outcome: tpc.outcome(tx) ?? null } : {}),
        };
      },
    ),
  };
  /** Every delivery these counters count is in the delivery log by the time they are reported. */
  const stats = async () => {
    const counted = Object.fromEntries([...groups].map(([address, handle]) => [address, handle.stats()]));
    await log.written();
    return counted;
  };
  return { verbs, stats };
}
