import { mkdir, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { MrouteView } from '../../common/router-views.js';
import { loadValidTopology } from '../../lab/cli/load.js';
import { table } from '../../lab/report/table.js';
import { createRuntime } from '../../lab/runtime/context.js';
import { deployTopology } from '../../lab/runtime/deploy-topology.js';
import { destroyLabs } from '../../lab/runtime/destroy.js';
import { findNode } from '../../lab/runtime/find-node.js';
import { connectLab, type LabClient } from '../../lab/runtime/lab-client.js';
import type { Topology } from '../../lab/topology/model.js';

/**
 * Forwarding through one router (topologies/one-router.yaml, h1 on lan1 → h3 on lan2): datagrams/s and
 * Mbit/s for 64- and 1,400-byte payloads with router-sim, next to the same lab whose router runs no
 * router-sim and has a static kernel route installed by smcroute; then join and leave latency.
 */
const GROUP = '239.5.5.5';
const PAYLOADS = [
  { size: 64, count: 20_000 },
  { size: 1400, count: 10_000 },
];
const TRIALS = 50;
const OUT = 'bench/results/forward.json';

type Stats = { groups: Record<string, { received: number }> };
const received = async (lab: LabClient, node: string) =>
  (await lab.agent<Stats>(node, 'stats')).groups[GROUP]?.received ?? 0;

async function throughput(lab: LabClient) {
  const rows = [];
  for (const { size, count } of PAYLOADS) {
    const before = await received(lab, 'h3');
    const { durationMs } = await lab.agent<{ durationMs: number }>(
      'h1',
      'send',
      { group: GROUP, count, size },
      120_000,
    );
    await sleep(500);
    const got = (await received(lab, 'h3')) - before;
    const seconds = durationMs / 1000;
    rows.push({
      size,
      sent: count,
      received: got,
      datagramsPerSecond: got / seconds,
      mbitPerSecond: (got * size * 8) / seconds / 1e6,
    });
  }
  return rows;
}

async function deploy(topology: Topology, name: string) {
  const ctx = createRuntime();
  await destroyLabs(ctx, { lab: name });
  await deployTopology(ctx, topology, { name });
  return connectLab(ctx, name);
}

/** The baseline router: smcroute (from the host, in r1's network namespace) holds a static (S,G) route. */
async function startSmcroute(lab: LabClient) {
  const r1 = lab.node('r1');
  const nameOn = (network: string) => r1.interfaces.find((i) => i.network === network)?.name;
  const dir = `/tmp/mcast-lab-bench-${lab.name}`;
  await mkdir(dir, { recursive: true });
  await writeFile(
    `${dir}/smcroute.conf`,
    `phyint ${nameOn('lan1')} enable\nphyint ${nameOn('lan2')} enable\nmroute from ${nameOn('lan1')} source ${lab.address('h1')} group ${GROUP} to ${nameOn('lan2')}\n`,
  );
  const { pid } = await findNode(createRuntime(), 'r1', lab.name);
  const daemon = execa(
    'nsenter',
    [
      '-t',
      String(pid),
      '-n',
      'smcrouted',
      '-n',
      '-N',
      '-f',
      `${dir}/smcroute.conf`,
      '-u',
      `${dir}/sock`,
      '-P',
      `${dir}/pid`,
      '-l',
      'err',
    ],
    { reject: false },
  );
  await sleep(1_000);
  return async () => {
    daemon.kill();
    await daemon;
    await rm(dir, { recursive: true, force: true });
  };
}

async function latencies(lab: LabClient) {
  const lan2 = lab.node('r1').interfaces.find((i) => i.network === 'lan2')?.name ?? '';
  // A steady stream for the whole run; it ends when the lab is destroyed.
  lab
    .agent('h1', 'send', { group: GROUP, count: 1_000_000, size: 64, rate: 1000 }, 3_600_000)
    .catch(() => {});
  const join: number[] = [];
  const leave: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const before = await received(lab, 'h3');
    let t = performance.now();
    await lab.agent('h3', 'join', { group: GROUP });
    while ((await received(lab, 'h3')) === before) await sleep(2);
    join.push(performance.now() - t);
    t = performance.now();
    await lab.agent('h3', 'leave', { group: GROUP });
    const forwarding = async () =>
      (await lab.agent<MrouteView[]>('r1', 'show', { view: 'mroute' })).some(
        (r) => r.group === GROUP && r.oifs.includes(lan2),
      );
    while (await forwarding()) await sleep(5);
    leave.push(performance.now() - t);
    await sleep(100);
  }
  return { join: percentiles(join), leave: percentiles(leave) };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { trials: samples.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1) ?? 0 };
}

const topology = await loadValidTopology('topologies/one-router.yaml');
const baselineTopology: Topology = {
  ...topology,
  routers: topology.routers.map((r) => ({ ...r, multicast: 'none' })),
};

const withRouterSim = await deploy(topology, 'bench-forward');
await withRouterSim.agent('h3', 'join', { group: GROUP });
await sleep(500);
const routerSim = await throughput(withRouterSim);
await withRouterSim.agent('h3', 'leave', { group: GROUP });
await sleep(1_000);
const latency = await latencies(withRouterSim);
await destroyLabs(createRuntime(), { lab: withRouterSim.name });

const staticLab = await deploy(baselineTopology, 'bench-forward-static');
const stopSmcroute = await startSmcroute(staticLab);
await staticLab.agent('h3', 'join', { group: GROUP });
await sleep(500);
const staticRoute = await throughput(staticLab);
await stopSmcroute();
await destroyLabs(createRuntime(), { lab: staticLab.name });

const results = routerSim.map((r, i) => {
  const base = staticRoute[i];
  return {
    ...r,
    staticDatagramsPerSecond: base?.datagramsPerSecond ?? 0,
    staticMbitPerSecond: base?.mbitPerSecond ?? 0,
    ratio: r.datagramsPerSecond / (base?.datagramsPerSecond || 1),
  };
});
const report = {
  benchmark: 'forward',
  date: new Date().toISOString(),
  topology: 'topologies/one-router.yaml',
  throughput: results,
  latencyMs: latency,
};
await mkdir('bench/results', { recursive: true });
await writeFile(OUT, `${JSON.stringify(report, null, 2)}\n`);

const f = (x: number, d = 0) => x.toFixed(d);
console.log(
  table([
    ['PAYLOAD B', 'ROUTER-SIM dgram/s', 'Mbit/s', 'STATIC dgram/s', 'Mbit/s', 'RATIO', 'DELIVERED'],
    ...results.map((r) => [
      String(r.size),
      f(r.datagramsPerSecond),
      f(r.mbitPerSecond, 1),
      f(r.staticDatagramsPerSecond),
      f(r.staticMbitPerSecond, 1),
      f(r.ratio, 2),
      `${r.received}/${r.sent}`,
    ]),
  ]),
);
console.log();
console.log(
  table([
    ['LATENCY ms', 'p50', 'p90', 'p99', 'max'],
    ...(['join', 'leave'] as const).map((k) => [
      k,
      f(latency[k].p50, 1),
      f(latency[k].p90, 1),
      f(latency[k].p99, 1),
      f(latency[k].max, 1),
    ]),
  ]),
);
console.log(`\nwrote ${OUT}`);
