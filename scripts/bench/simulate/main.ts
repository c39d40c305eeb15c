import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { CompareMode } from '../../../lab/compare/summarize.js';
import { growthChart, type Point } from '../../../lab/report/charts.js';
import { table } from '../../../lab/report/table.js';
import type { SizeRequest } from './one-size.js';

/**
 * How dense and sparse mode grow with the network, on the simulated twin: binary trees of routers with
 * two hosts per LAN, 20 groups of one source each at 10 datagrams/s and up to 50 members each, 60
 * virtual seconds, per size and mode in a process of its own (wall time and peak memory are its own).
 * The baseline is real time: a Docker lab needs the workload's own 60 s to run it, at any size it fits.
 *
 * BENCH_SIMULATE_ROUTERS (default 10,100,1000) picks the sizes; BENCH_SIMULATE_MODES the modes.
 */
const OUT = 'bench/results/simulate.json';
const CHART = 'bench/results/simulate-growth.svg';
const SECONDS = 60;
const HOSTS_PER_LAN = 2;
const GROUPS = 20;
const MEMBERS = 50;
const sizes = (process.env.BENCH_SIMULATE_ROUTERS ?? '10,100,1000').split(',').map(Number);
const modes = (process.env.BENCH_SIMULATE_MODES ?? 'dense,sparse').split(',') as CompareMode[];
const oneSize = fileURLToPath(new URL('./one-size.js', import.meta.url));

type Row = SizeRequest & Record<string, unknown> & { wallSeconds: number; maxRssMiB: number };

const rows: Row[] = [];
const save = async () => {
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    OUT,
    `${JSON.stringify({ date: new Date().toISOString(), baseline: `real time: ${SECONDS} s per run`, rows }, null, 2)}\n`,
  );
};

for (const routers of sizes) {
  for (const mode of modes) {
    const hosts = routers * HOSTS_PER_LAN;
    // Members come from the hosts that do not send to the group.
    const request: SizeRequest = {
      routers,
      hostsPerLan: HOSTS_PER_LAN,
      groups: GROUPS,
      members: Math.min(MEMBERS, hosts - Math.ceil(GROUPS / hosts) - 1),
      mode,
      seconds: SECONDS,
      seed: 1,
    };
    process.stderr.write(`bench:simulate: ${routers} routers, ${mode} mode…\n`);
    const { stdout } = await execa('node', ['--max-old-space-size=8192', oneSize, JSON.stringify(request)], {
      stderr: 'inherit',
    });
    const row = JSON.parse(stdout) as Row;
    rows.push({ ...row, wallOverReal: row.wallSeconds / SECONDS });
    await save();
  }
}

const fmt = (n: unknown) => (typeof n === 'number' ? (Number.isInteger(n) ? String(n) : n.toFixed(2)) : '-');
const state = (r: Row) => r.state as { sgPerRouter: number; starGPerRouter: number };
process.stdout.write(
  `${table([
    [
      'routers',
      'mode',
      'data pkts',
      'unicast fan-out',
      'control pkts',
      '(S,G)/router',
      '(*,G)/router',
      'converged ms',
      'wall s',
      'wall/real',
      'peak MiB',
    ],
    ...rows.map((r) => [
      String(r.routers),
      r.mode,
      fmt(r.dataPackets),
      fmt(r.unicastFanOutPackets),
      fmt(r.controlPackets),
      fmt(state(r).sgPerRouter),
      fmt(state(r).starGPerRouter),
      fmt(r.convergedMs),
      fmt(r.wallSeconds),
      fmt(r.wallOverReal),
      fmt(r.maxRssMiB),
    ]),
  ])}\n`,
);

const points: Point[] = rows.flatMap((r) => {
  const at = (panel: string, series: string, y: number) => ({ panel, x: r.routers, series, y });
  return [
    at('data packets, all networks', r.mode, r.dataPackets as number),
    ...(r.mode === modes[0]
      ? [at('data packets, all networks', 'unicast fan-out', r.unicastFanOutPackets as number)]
      : []),
    at('control packets, all networks', r.mode, r.controlPackets as number),
    at('state entries per router', r.mode, state(r).sgPerRouter + state(r).starGPerRouter),
    at('wall seconds for 60 virtual s', r.mode, r.wallSeconds),
    at('peak memory, MiB', r.mode, r.maxRssMiB),
  ];
});
await writeFile(
  CHART,
  await growthChart('Dense and sparse mode as the network grows (simulated)', points, { x: 'routers' }),
);
process.stdout.write(`wrote ${OUT} and ${CHART}\n`);
