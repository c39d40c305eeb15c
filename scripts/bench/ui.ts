import { mkdir, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { deployLab } from '../../lab/api/deploy-lab.js';
import { createRuntime } from '../../lab/docker/context.js';
import { readLinkCounters } from '../../lab/docker/link-accounting.js';
import { generateTopology } from '../../lab/generate/topology.js';
import { serveUi } from '../../lab/ui/server.js';

/**
 * The live view's cost on a 100-node lab (a tree of 20 routers with 4 hosts each, sparse mode): the
 * CPU of the process serving the page, one page watching at 1 update/s for SECONDS, next to the
 * baseline of reading the bridges' counters once a second in the same process (what `traffic` costs).
 */
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 30);
const OUT = 'bench/results/ui.json';

const cpuPercent = async (work: (until: number) => Promise<void>) => {
  const before = process.cpuUsage();
  const started = performance.now();
  await work(started + SECONDS * 1000);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / (performance.now() - started)) * 100;
};

const { document } = generateTopology({
  shape: 'tree',
  routers: 20,
  hostsPerLan: 4,
  seed: 1,
  pim: 'sparse',
  profile: 'fast',
  name: 'bench-ui',
  fanOut: 2,
  extraLinks: 0,
});
const lab = await deployLab(document);
try {
  const counters = await cpuPercent(async (until) => {
    while (performance.now() < until) {
      await readLinkCounters(lab.name);
      await sleep(1_000);
    }
  });
  const ui = await serveUi(createRuntime(), lab.name);
  let updates = 0;
  const server = await cpuPercent(
    (until) =>
      new Promise<void>((resolve, reject) => {
        const request = get(`${ui.url}live`, (response) => {
          response.on('data', (chunk: Buffer) => {
            updates += chunk.toString().split('\n\n').length - 1;
            if (performance.now() >= until) {
              request.destroy();
              resolve();
            }
          });
        });
        request.on('error', reject);
      }),
  );
  await ui.close();
  const result = {
    benchmark: 'ui',
    date: new Date().toISOString(),
    nodes: lab.nodes.length,
    seconds: SECONDS,
    updatesPerSecond: updates / SECONDS,
    serverCpuPercentOfOneCore: server,
    baselineCountersCpuPercent: counters,
    ratio: server / counters,
    goalMet: server <= 10,
  };
  await mkdir('bench/results', { recursive: true });
  await writeFile(OUT, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await lab.destroy();
}
