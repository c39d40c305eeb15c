import type { CompareMode } from '../../../lab/compare/summarize.js';
import { generateTopology } from '../../../lab/generate/topology.js';
import { generateWorkload } from '../../../lab/generate/workload.js';
import { toYaml } from '../../../lab/generate/yaml-text.js';
import { simulateModes } from '../../../lab/simulate/simulate.js';
import { parseTopology } from '../../../lab/topology/parse.js';
import { parseWorkload } from '../../../lab/workload/parse.js';

/** What one simulated size takes: the sweep runs each in a process of its own, so memory is its own. */
export interface SizeRequest {
  routers: number;
  hostsPerLan: number;
  groups: number;
  members: number;
  mode: CompareMode;
  seconds: number;
  seed: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as SizeRequest;
const generated = generateTopology({
  shape: 'tree',
  routers: request.routers,
  hostsPerLan: request.hostsPerLan,
  seed: request.seed,
  pim: request.mode,
  profile: 'fast',
  name: `tree-${request.routers}`,
  fanOut: 2,
  extraLinks: 0,
});
const topology = parseTopology(toYaml(generated.document, []), 'generated.yaml');
if (!topology.ok) throw new Error(topology.errors.map((e) => e.message).join('\n'));
const workloadDocument = generateWorkload(generated.hosts, {
  name: 'sweep',
  groups: request.groups,
  sources: request.groups,
  members: request.members,
  duration: request.seconds,
  rate: 10,
  seed: request.seed,
});
const workload = parseWorkload(
  toYaml({ ...workloadDocument }, []),
  'generated-workload.yaml',
  topology.topology,
);
if (!workload.ok) throw new Error(workload.errors.map((e) => e.message).join('\n'));

const started = performance.now();
const comparison = await simulateModes(topology.topology, workload.value, {
  modes: [request.mode],
  seed: request.seed,
});
const wallSeconds = (performance.now() - started) / 1000;
const result = comparison.results[0];
if (!result) throw new Error('no result');
const { summary, plan } = result;
const routers = result.run.state.length;
const perNetwork = summary.networks.map((n) => n.data);
process.stdout.write(
  `${JSON.stringify({
    ...request,
    hosts: generated.hosts.length,
    networks: plan.networks.length,
    dataPackets: summary.dataPackets,
    dataPerNetwork: { mean: summary.dataPackets / perNetwork.length, max: Math.max(...perNetwork) },
    networksWithData: perNetwork.filter((d) => d > 0).length,
    unicastFanOutPackets: summary.unicastFanOutPackets,
    controlPackets: summary.controlPackets,
    controlPerNetwork: summary.controlPackets / perNetwork.length,
    controlByClass: summary.controlByClass,
    state: {
      sgPerRouter: summary.routerState.sg / routers,
      starGPerRouter: summary.routerState.starG / routers,
      maxPerRouter: summary.routerState.maxPerRouter,
    },
    convergedMs: comparison.simulated?.convergedMs[request.mode],
    joinLatencyMs: summary.joinLatencyMs,
    received: summary.received,
    wallSeconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
