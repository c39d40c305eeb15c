import * as z from 'zod';
import { UsageError } from '../common/control/protocol.js';
import type { VerbHandler } from '../common/control/server.js';
import { seconds, sendingLimits, verb } from '../common/control/verb.js';
import type { NodeConfig } from '../common/node-config.js';
import type { UserCommand } from '../common/user-command.js';
import type { IpMulticastTransport } from './best-effort/ip-multicast.js';
import type { CounterTable } from './best-effort/traffic-counters.js';
import { type GroupAddress, parseGroupAddress } from './group-types/group-address.js';

const group = z.string().transform((text, ctx): GroupAddress => {
  const parsed = parseGroupAddress(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});
const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** The node-agent's control verbs. */
export function nodeAgentVerbs(
  config: NodeConfig,
  transport: IpMulticastTransport,
  counters: CounterTable,
  /** Group communication's groups, reported by `stats` next to the plain ones. */
  groupStats: () => Promise<Record<string, object>> = async () => ({}),
  /** The node's own program, when the topology gave it one. */
  command?: UserCommand,
): Record<string, VerbHandler> {
  const startedAt = Date.now();
  return {
    ping: () => 'pong',
    status: () => ({
      node: config.node,
      lab: config.lab,
      kind: config.kind,
      interfaces: config.interfaces,
      uptimeMs: Date.now() - startedAt,
      joined: Object.keys(counters.groups).filter((g) => counters.groups[g]?.joined),
      command: command?.status() ?? null,
    }),
    join: verb(['group'], z.object({ group }), async (args) => {
      await transport.join(args.group);
      return { joined: args.group.address };
    }),
    leave: verb(['group'], z.object({ group }), (args) => {
      if (!transport.leave(args.group)) throw new UsageError(`not a member of ${args.group.address}`);
      return { left: args.group.address };
    }),
    send: verb(
      ['group'],
      z.object({
        group,
        /** Datagrams to send (default 1, or as many as `seconds` allows). */
        count: z.coerce.number().int().min(1).max(100_000_000).optional(),
        seconds,
        size: count(1, 65_000, 64),
        ttl: count(1, 255, 16),
        rate: count(0, 1_000_000, 0),
      }),
      async ({ group, count: given, seconds: duration, ...options }) => {
        const started = performance.now();
        const sent = await transport.send(group, {
          ...options,
          ...sendingLimits(given, duration, started),
        });
        return { sent, durationMs: performance.now() - started };
      },
    ),
    stats: async () => ({
      node: config.node,
      /** The agent's CPU time so far (µs): benchmarks charge it to what was delivered meanwhile. */
      cpu: process.cpuUsage(),
      groups: { ...counters.groups, ...(await groupStats()) },
    }),
  };
}
