import type { LabClient } from '../../../lab/docker/lab-client.js';
import type { TrafficCounters } from '../../../node-agent/best-effort/traffic-counters.js';
import { agentCpuSeconds, HOSTS } from './lab.js';

type Stats = { groups: Record<string, TrafficCounters> };

/**
 * The agent's own best-effort `send` (no group protocol: numbered datagrams, counted at the receivers'
 * `join`): what the agent adds to the bare socket before any protocol runs.
 */
export async function measureAgentSend(
  lab: LabClient,
  senders: readonly string[],
  group: string,
  seconds: number,
  size: number,
): Promise<{ messagesPerSecond: number; cpuPer1000: number }> {
  for (const host of HOSTS) await lab.agent(host, 'join', { group });
  const cpuBefore = await agentCpuSeconds(lab);
  const sends = await Promise.all(
    senders.map((host) =>
      lab.agent<{ sent: number; durationMs: number }>(
        host,
        'send',
        { group, seconds, size },
        seconds * 1000 + 60_000,
      ),
    ),
  );
  const cpu = (await agentCpuSeconds(lab)) - cpuBefore;
  const received = await Promise.all(
    HOSTS.map(async (h) => (await lab.agent<Stats>(h, 'stats')).groups[group]?.received ?? 0),
  );
  for (const host of HOSTS) await lab.agent(host, 'leave', { group });
  const duration = Math.max(...sends.map((s) => s.durationMs)) / 1000;
  const listeners = HOSTS.flatMap((h, i) => (senders.includes(h) ? [] : [received[i] ?? 0]));
  const total = received.reduce((a, b) => a + b, 0);
  return {
    messagesPerSecond: Math.min(...listeners) / duration,
    cpuPer1000: (cpu / Math.max(1, total)) * 1000,
  };
}
