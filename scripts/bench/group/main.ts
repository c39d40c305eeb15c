import { mkdir, writeFile } from 'node:fs/promises';
import { createRuntime } from '../../../lab/docker/context.js';
import { deployTopology } from '../../../lab/docker/deploy-topology.js';
import { destroyLabs } from '../../../lab/docker/destroy.js';
import { impair } from '../../../lab/docker/impairments.js';
import { connectLab } from '../../../lab/docker/lab-client.js';
import { ORDERINGS, RELIABILITIES } from '../../../node-agent/group-types/options.js';
import { measureAgentSend } from './agent-send.js';
import { type Config, measureAgents } from './agents.js';
import { measureCeiling } from './ceiling.js';
import { HOSTS, LAB, NETWORK, topology } from './lab.js';
import { type Row, report } from './report.js';

/**
 * Group communication against the ceiling of its runtime, in one run on one LAN of nine hosts: a bare
 * Node.js dgram sender and receivers on the same path, the agent's best-effort `send`, and every
 * reliability × ordering — sustained sending for SECONDS, latency at a fixed rate, wire bytes and agent
 * CPU per delivered message, and the checker on every run's delivery logs (a run that lost or misordered
 * a message fails the bench).
 *
 * BENCH_GROUP_SECONDS (default 10) shortens a trial run; BENCH_GROUP_ONLY=nack/fifo,ack/fifo picks
 * configurations.
 */
const OUT = 'bench/results/group.json';
const SECONDS = Number(process.env.BENCH_GROUP_SECONDS ?? 10);
const PACED = { pacedRate: 1_000, pacedSeconds: 3 };
const only = process.env.BENCH_GROUP_ONLY?.split(',');

const every: Config[] = RELIABILITIES.flatMap((reliability) =>
  ORDERINGS.map((ordering) => ({ reliability, ordering })),
);
const main: Config[] = [
  { reliability: 'best-effort', ordering: 'none' },
  ...(['fifo', 'causal', 'total-sequencer', 'total-isis'] as const).map((ordering) => ({
    reliability: 'nack' as const,
    ordering,
  })),
  { reliability: 'ack', ordering: 'fifo' },
];
const picked = (configs: Config[]) =>
  configs.filter((c) => !only || only.includes(`${c.reliability}/${c.ordering}`));

const scenarios = [
  {
    name: '1 sender, 1 KB',
    senders: ['h0'],
    size: 1000,
    losses: [0, 1, 10],
    configs: picked(every),
    ...PACED,
  },
  {
    name: '4 senders, 1 KB',
    senders: ['h0', 'h1', 'h2', 'h3'],
    size: 1000,
    losses: [0],
    configs: picked(main),
    pacedRate: 0,
    pacedSeconds: 0,
  },
  { name: '1 sender, 64 B', senders: ['h0'], size: 64, losses: [0], configs: picked(main), ...PACED },
];

/** Written after every row: an interrupted run keeps what it measured. */
const save = async () => {
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    OUT,
    `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, rows }, null, 2)}\n`,
  );
};

const ctx = createRuntime();
await destroyLabs(ctx, { lab: LAB });
await deployTopology(ctx, topology, { name: LAB });
const rows: Row[] = [];
let failed = false;
try {
  const lab = await connectLab(ctx, LAB);
  let n = 0;
  for (const [s, scenario] of scenarios.entries()) {
    for (const loss of scenario.losses) {
      await impair(ctx, LAB, NETWORK, { loss });
      const base = {
        scenario: scenario.name,
        senders: scenario.senders.length,
        size: scenario.size,
        lossPercent: loss,
      };
      const group = () => `239.72.${s}.${++n}`;
      const ceiling = await measureCeiling(ctx, lab, scenario.senders, group(), SECONDS, scenario.size);
      const add = (row: Row) => {
        rows.push(row);
        void save();
        process.stderr.write(
          `bench:group: ${scenario.name}, ${loss} %: ${row.what}: ${row.messagesPerSecond.toFixed(0)} msg/s\n`,
        );
      };
      add({ ...base, what: 'bare dgram', ...ceiling, ratioToBare: 1 });
      const send = await measureAgentSend(lab, scenario.senders, group(), SECONDS, scenario.size);
      add({
        ...base,
        what: 'agent send',
        ...send,
        ratioToBare: send.messagesPerSecond / ceiling.messagesPerSecond,
      });
      for (const config of scenario.configs) {
        const what = `${config.reliability}/${config.ordering}`;
        let measured: Awaited<ReturnType<typeof measureAgents>>;
        try {
          measured = await measureAgents(ctx, lab, config, { ...scenario, seconds: SECONDS }, group());
        } catch (error) {
          // A run that never completes is a failed run, reported with the rest.
          failed = true;
          const reason = (error as Error).message;
          rows.push({
            ...base,
            what,
            messagesPerSecond: 0,
            ratioToBare: 0,
            cpuPer1000: 0,
            violations: [reason],
          });
          process.stderr.write(`bench:group: ${scenario.name}, ${loss} %: ${what}: FAILED: ${reason}\n`);
          for (const host of HOSTS)
            await lab.agent(host, 'leave_group', { group: `239.72.${s}.${n}` }).catch(() => {});
          continue;
        }
        failed ||= measured.violations.length > 0;
        const lossless = rows.find(
          (r) => r.scenario === scenario.name && r.lossPercent === 0 && r.what === what,
        );
        add({
          ...base,
          what,
          ...measured,
          ratioToBare: measured.messagesPerSecond / ceiling.messagesPerSecond,
          ...(lossless ? { ratioToLossless: measured.messagesPerSecond / lossless.messagesPerSecond } : {}),
        });
      }
    }
  }
  await impair(ctx, LAB, NETWORK, { loss: 0 });
} finally {
  await destroyLabs(ctx, { lab: LAB });
}
await mkdir('bench/results', { recursive: true });
await writeFile(
  OUT,
  `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, rows }, null, 2)}\n`,
);
process.stdout.write(`${report(rows)}\n\nwritten to ${OUT}\n`);
if (failed) {
  for (const r of rows)
    for (const v of r.violations ?? [])
      process.stderr.write(`bench:group: ${r.scenario} ${r.lossPercent} % ${r.what}: ${v}\n`);
  process.exitCode = 1;
}
