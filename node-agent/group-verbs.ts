import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { systemClock } from '../common/clock.js';
import { UsageError } from '../common/control/protocol.js';
import type { VerbHandler } from '../common/control/server.js';
import { verb } from '../common/control/verb.js';
import type { NodeConfig } from '../common/node-config.js';
import { systemRandom } from '../common/sim/random.js';
import type { DeliveryLog } from './edge/delivery-log.js';
import type { UdpGroups } from './edge/udp-groups.js';
import { parseGroupAddress } from './group/group-address.js';
import { GroupMember } from './group/member.js';
import { ORDERINGS, RELIABILITIES, TRANSPORTS } from './group/options.js';
import type { GroupStats } from './group/stats.js';

const group = z.string().refine((text) => !('error' in parseGroupAddress(text)) && !text.includes(':'), {
  error: (issue) => `not a multicast group address: ${String(issue.input)}`,
});
const options = {
  transport: z.enum(TRANSPORTS).default('ip-multicast'),
  reliability: z.enum(RELIABILITIES).default('nack'),
  ordering: z.enum(ORDERINGS).default('fifo'),
  closed: z.coerce.boolean().default(false),
};
const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * Group communication verbs: `join_group`, `leave_group`, `send_to_group`, `query_membership` and
 * `flush_group`, each group a GroupMember over the node's UDP sockets, every delivery appended to the
 * delivery log.
 */
export function groupVerbs(
  config: NodeConfig,
  sockets: UdpGroups,
  log: DeliveryLog,
): { verbs: Record<string, VerbHandler>; stats: () => Record<string, GroupStats> } {
  const members = new Map<string, GroupMember>();
  const self = config.node;
  const networkOf = new Map(config.hosts.map((h) => [h.node, h.network]));

  /** The group's member, made on first use (a sender need not join an open group). */
  const memberFor = async (address: string, choice: z.infer<z.ZodObject<typeof options>>) => {
    const known = members.get(address);
    if (known) return known;
    let member: GroupMember | undefined;
    const port = await sockets.open(
      address,
      (bytes, from) => member?.receive(bytes, from),
      choice.transport === 'ip-multicast',
    );
    member = new GroupMember({
      clock: systemClock,
      random: systemRandom,
      self,
      options: {
        group: address,
        ...choice,
        peers: config.hosts.map((h) => h.node).filter((node) => node !== self),
        subgroupOf: (id) => networkOf.get(id) ?? id,
      },
      port,
      deliver: (record) => log.append(record),
    });
    members.set(address, member);
    return member;
  };
  const existing = (address: string) => {
    const member = members.get(address);
    if (!member) throw new UsageError(`${self} has no group ${address}; join_group first`);
    return member;
  };

  const verbs: Record<string, VerbHandler> = {
    join_group: verb(['group'], z.object({ group, ...options }), async ({ group: address, ...choice }) => {
      const member = await memberFor(address, choice);
      member.join();
      return { joined: address, ...choice };
    }),
    leave_group: verb(['group'], z.object({ group }), ({ group: address }) => {
      const member = existing(address);
      member.leave();
      member.stop();
      members.delete(address);
      sockets.close(address);
      return { left: address };
    }),
    send_to_group: verb(
      ['group'],
      z.object({
        group,
        count: count(1, 1_000_000, 1),
        size: count(1, 60_000, 1000),
        rate: count(0, 100_000, 0),
        /** Also return when each message was sent (ms since epoch, by sequence): benchmarks measure latency. */
        times: z.coerce.boolean().default(false),
        ...options,
      }),
      async ({ group: address, count: n, size, rate, times, ...choice }) => {
        const member = await memberFor(address, choice);
        const started = performance.now();
        let sent = 0;
        const sentAt: Record<number, number> = {};
        for (let i = 0; i < n; i++) {
          const body = Buffer.alloc(size, 0x20);
          body.write(`${self} ${i}`);
          try {
            const { seq } = await member.sendWhenReady(body);
            if (times) sentAt[seq] = Date.now();
          } catch (error) {
            throw new UsageError(`${self} cannot send to ${address}: ${(error as Error).message}`);
          }
          sent++;
          if (rate > 0) await sleep(Math.max(0, started + ((i + 1) * 1000) / rate - performance.now()));
        }
        return { sent, durationMs: performance.now() - started, ...(times ? { sentAt } : {}) };
      },
    ),
    query_membership: verb(['group'], z.object({ group }), ({ group: address }) => {
      const member = existing(address);
      return { group: address, self, members: member.members(), view: member.stats().view };
    }),
    flush_group: verb(['group'], z.object({ group }), async ({ group: address }) => {
      const started = performance.now();
      await existing(address).flush();
      return { flushed: address, durationMs: performance.now() - started };
    }),
  };
  const stats = () => Object.fromEntries([...members].map(([address, member]) => [address, member.stats()]));
  return { verbs, stats };
}
