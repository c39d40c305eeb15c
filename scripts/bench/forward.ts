import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release } from 'node:os';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { pollUntil, pollUntilOrTimeout } from '../../common/poll.js';
import type { IgmpInterfaceView, MrouteView } from '../../common/router-views.js';
import { loadValidTopology } from '../../lab/cli/load.js';
import { table } from '../../lab/report/table.js';
import { createRuntime } from '../../lab/runtime/context.js';
import { deployTopology } from '../../lab/runtime/deploy-topology.js';
import { destroyLabs } from '../../lab/runtime/destroy.js';
import { findNode } from '../../lab/runtime/find-node.js';
import { connectLab, type LabClient } from '../../lab/runtime/lab-client.js';
import { hostPorts, inNetns } from '../../lab/runtime/netns.js';
import type { ForwardingChoice, Topology } from '../../lab/topology/model.js';

/**
 * Forwarding through one router (topologies/one-router.yaml, h1 on lan1 → r1 → h3 on lan2).
 *
 * 1. Throughput, 64- and 1,400-byte payloads, each configuration run REPETITIONS times, interleaved
 *    (the order rotates every round): router-sim's nftables plane; the same lab without router-sim and
 *    a minimal hand-written netdev ingress rule installed by the bench in r1 (the mechanism's ceiling);
 *    h1 → h2 on the same LAN (the sender's ceiling); and, where the kernel has the mroute API,
 *    router-sim on it and smcroute's static route (rows marked skipped otherwise).
 * 2. Join and leave latency with router-sim (nftables).
 * 3. First-packet latency: a new (S,G)'s first datagram into r1 on lan1 → out of r1 on lan2, both
 *    timestamped by one packet capture in r1's namespace.
 */
const TOPOLOGY = 'topologies/one-router.yaml';
/** Routed traffic h1 → h3; same-LAN traffic h1 → h2 has a group of its own, so nobody else gets it. */
const GROUP = '239.5.5.5';
const LAN_GROUP = '239.5.5.6';
/** Joined by nobody: shows whether the bridges flood. */
const PROBE_GROUP = '239.5.5.7';
/** First-packet trials: one fresh group each, 239.5.6.1 onwards. */
const FRESH_PREFIX = '239.5.6';
/** The agent's default TTL, given explicitly: the hand-written rule matches it exactly. */
const TTL = 16;
const PAYLOADS = [
  { size: 64, count: 40_000 },
  { size: 1400, count: 25_000 },
];
const REPETITIONS = 5;
const LATENCY_TRIALS = 50;
const FIRST_PACKET_TRIALS = 50;
/** h3 joins the first-packet groups this many at a time (a host allows 20 memberships per socket). */
const FIRST_PACKET_BATCH = 10;
/** The steady stream the join trials wait for. */
const STREAM_RATE = 1000;
/** Forwarding has stopped when the stream has not been seen leaving r1 for this long (ms). */
const QUIET_MS = 100;
const PRIME_COUNT = 5;
const OUT = 'bench/results/forward.json';

const GOALS = { nftVsHandWritten: 0.95, joinP50Ms: 25, firstPacketP50Ms: 5 };

const ROUTER_SIM_NFT = 'router-sim (nftables)';
const HAND_WRITTEN = 'hand-written nftables';
const SAME_LAN = 'same LAN, no routing';
const ROUTER_SIM_MROUTE = 'router-sim (kernel-mroute)';
const SMCROUTE = 'smcroute';

const ctx = createRuntime();
const suffix = Date.now().toString(36).slice(-5);
const deployed: string[] = [];

/** A deployed lab, with the namespaces of its nodes looked up once. */
interface Lab {
  client: LabClient;
  /** r1's interface on a network. */
  r1If(network: string): string;
  /** Runs a command in a node's network namespace with the host's tools; fails on a non-zero exit. */
  netns(node: string, argv: string[], input?: string): Promise<string>;
  pid(node: string): Promise<number>;
  /** The host end (bridge port) of a node's interface on a network. */
  hostPort(node: string, network: string): Promise<string>;
}

async function deploy(topology: Topology, name: string): Promise<Lab> {
  deployed.push(name);
  await destroyLabs(ctx, { lab: name });
  await deployTopology(ctx, topology, { name });
  const client = await connectLab(ctx, name);
  const pids = new Map<string, Promise<number>>();
  const pid = (node: string) => {
    const known = pids.get(node) ?? findNode(ctx, node, name).then((n) => n.pid);
    pids.set(node, known);
    return known;
  };
  const ifOf = (node: string, network: string) => {
    const found = client.node(node).interfaces.find((i) => i.network === network)?.name;
    if (!found) throw new Error(`${node} of ${name} has no interface on ${network}`);
    return found;
  };
  return {
    client,
    hostPort: async (node, network) => {
      const ifname = ifOf(node, network);
      const port = (await hostPorts(await pid(node))).find((p) => p.ifname === ifname)?.port;
      if (!port) throw new Error(`no host port for ${name}/${node} ${ifname}`);
      return port;
    },
    r1If: (network) => ifOf('r1', network),
    pid,
    netns: async (node, argv, input) => {
      const result = await inNetns(await pid(node), argv, input);
      if (result.exitCode !== 0)
        throw new Error(`${argv.join(' ')} in ${name}/${node}: ${String(result.stderr).trim()}`);
      return String(result.stdout);
    },
  };
}

type Stats = { groups: Record<string, { received: number }> };
const receivedAll = async (lab: Lab, node: string) => (await lab.client.agent<Stats>(node, 'stats')).groups;
const received = async (lab: Lab, node: string, group: string) =>
  (await receivedAll(lab, node))[group]?.received ?? 0;

/** A counter once it stops moving (two probes in a row agree), or at `target`. */
async function settled(probe: () => Promise<number>, target: number, what: string): Promise<number> {
  let last = Number.NaN;
  return pollUntil(
    probe,
    (value) => {
      const still = value === last;
      last = value;
      return value >= target || still;
    },
    { what, timeoutMs: 20_000, intervalMs: 200 },
  );
}

/** An interface's packet counters in a node's namespace. */
async function linkPackets(lab: Lab, node: string, device: string) {
  const [link] = JSON.parse(await lab.netns(node, ['ip', '-j', '-s', 'link', 'show', 'dev', device])) as {
    stats64: { rx: { packets: number }; tx: { packets: number } };
  }[];
  return { rx: link?.stats64.rx.packets ?? 0, tx: link?.stats64.tx.packets ?? 0 };
}

/** The UDP counters of a node's namespace (/proc/net/snmp), by name. */
async function udpCounters(lab: Lab, node: string): Promise<Record<string, number>> {
  const lines = (await lab.netns(node, ['cat', '/proc/net/snmp']))
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/).slice(1) ?? [];
  const values = lines[1]?.split(/\s+/).slice(1).map(Number) ?? [];
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? 0]));
}

// ---------------------------------------------------------------------------------------------------
// Throughput

interface Configuration {
  name: string;
  /** Why the configuration cannot run here; then it has no lab. */
  skipped?: string;
  lab?: Lab;
  receiver: string;
  group: string;
  /** Whether r1 forwards the traffic (its lan1 in and lan2 out counters are then reported). */
  routed: boolean;
  /** Before each round's runs: make the path forward (and check it does). */
  setUp?: (lab: Lab) => Promise<void>;
  tearDown?: (lab: Lab) => Promise<void>;
}

interface Run {
  round: number;
  size: number;
  sent: number;
  delivered: number;
  durationMs: number;
  datagramsPerSecond: number;
  mbitPerSecond: number;
  /** What the sender managed: sent / its send duration. */
  sentPerSecond: number;
  /** r1's packets in on lan1 and out on lan2 during the run (veth counters: a few are IGMP/other). */
  routerIn?: number;
  routerOut?: number;
  /** Datagrams the receiver's kernel dropped for a full socket buffer during the run. */
  receiverBufferDrops: number;
  /** Packets the bridges sent to hosts that are neither sender nor receiver (flooding) during the run. */
  strayCopies: number;
}

/** Hosts that should get none of the bench's traffic, but would from a flooding bridge. */
const BYSTANDERS = [
  { node: 'h2', network: 'lan1' },
  { node: 'h3', network: 'lan2' },
  { node: 'h4', network: 'lan2' },
];

/** Packets the bridges have sent to the bystanders of a receiver (their host ports' tx counters). */
async function bystanderPackets(lab: Lab, receiver: string): Promise<number> {
  let total = 0;
  for (const { node, network } of BYSTANDERS) {
    if (node === receiver) continue;
    const port = await lab.hostPort(node, network);
    total += Number(await readFile(`/sys/class/net/${port}/statistics/tx_packets`, 'utf8'));
  }
  return total;
}

async function measure(config: Configuration, lab: Lab, round: number, size: number, count: number) {
  const { receiver, group } = config;
  const r1 = config.routed ? { in: lab.r1If('lan1'), out: lab.r1If('lan2') } : undefined;
  const before = await received(lab, receiver, group);
  const udpBefore = await udpCounters(lab, receiver);
  const inBefore = r1 && (await linkPackets(lab, 'r1', r1.in));
  const outBefore = r1 && (await linkPackets(lab, 'r1', r1.out));
  const strayBefore = await bystanderPackets(lab, receiver);
  const { sent, durationMs } = await lab.client.agent<{ sent: number; durationMs: number }>(
    'h1',
    'send',
    { group, count, size, ttl: TTL },
    300_000,
  );
  const after = await settled(
    () => received(lab, receiver, group),
    before + sent,
    `${receiver} to stop receiving ${group}`,
  );
  const udpAfter = await udpCounters(lab, receiver);
  const delivered = after - before;
  const seconds = durationMs / 1000;
  const run: Run = {
    round,
    size,
    sent,
    delivered,
    durationMs,
    datagramsPerSecond: delivered / seconds,
    mbitPerSecond: (delivered * size * 8) / seconds / 1e6,
    sentPerSecond: sent / seconds,
    receiverBufferDrops: (udpAfter.RcvbufErrors ?? 0) - (udpBefore.RcvbufErrors ?? 0),
    strayCopies: (await bystanderPackets(lab, receiver)) - strayBefore,
  };
  if (r1 && inBefore && outBefore) {
    run.routerIn = (await linkPackets(lab, 'r1', r1.in)).rx - inBefore.rx;
    run.routerOut = (await linkPackets(lab, 'r1', r1.out)).tx - outBefore.tx;
  }
  return run;
}

/** A few datagrams through the configuration's path, again and again, until the receiver gets them. */
async function prime(config: Configuration, lab: Lab) {
  const { receiver, group } = config;
  const before = await received(lab, receiver, group);
  await pollUntil(
    async () => {
      await lab.client.agent('h1', 'send', { group, count: PRIME_COUNT, size: 64, ttl: TTL });
      return received(lab, receiver, group);
    },
    (n) => n > before,
    { what: `${receiver} to receive ${group} (${config.name})`, timeoutMs: 15_000, intervalMs: 300 },
  );
  let last = -1;
  await pollUntil(
    () => received(lab, receiver, group),
    (n) => {
      const still = n === last;
      last = n;
      return still;
    },
    { what: `${receiver} to settle`, timeoutMs: 10_000, intervalMs: 200 },
  );
}

/** router-sim's (h1, GROUP) entry forwarding to lan2. */
async function routerSimForwards(config: Configuration, lab: Lab) {
  const lan2 = lab.r1If('lan2');
  const source = lab.client.address('h1');
  await pollUntil(
    () => lab.client.agent<IgmpInterfaceView[]>('r1', 'show', { view: 'igmp' }),
    (views) => views.some((v) => v.interface === lan2 && v.groups.some((g) => g.group === GROUP)),
    { what: `r1 to learn that h3 joined ${GROUP}`, timeoutMs: 10_000, intervalMs: 20 },
  );
  await prime(config, lab);
  await pollUntil(
    () => lab.client.agent<MrouteView[]>('r1', 'show', { view: 'mroute' }),
    (routes) => routes.some((r) => r.source === source && r.group === GROUP && r.oifs.includes(lan2)),
    { what: `r1's (${source}, ${GROUP}) entry with oif ${lan2}`, timeoutMs: 10_000, intervalMs: 20 },
  );
}

/**
 * Without router-sim nobody queries on the bare lab's links, and a snooping bridge that has seen no
 * querier floods every group to every port: h2 and h4 would get copies they do not get in the
 * router-sim lab, slowing the whole path (veth delivery runs on the sender's CPU). So the bench makes
 * each bridge its link's querier and r1's lan1 port a permanent multicast router port, as r1's queries
 * do in the router-sim lab; then waits until traffic to a group nobody joined reaches no host.
 */
async function snoopAsWithRouterSim(lab: Lab) {
  for (const network of ['lan1', 'lan2']) {
    const bridge = lab.client.inspection.networks.find((n) => n.name === network)?.bridge;
    if (!bridge) throw new Error(`${lab.client.name} has no bridge for ${network}`);
    await writeFile(`/sys/class/net/${bridge}/bridge/multicast_querier`, '1');
  }
  await writeFile(`/sys/class/net/${await lab.hostPort('r1', 'lan1')}/brport/multicast_router`, '2');
  const probes = 20;
  await pollUntil(
    async () => {
      const before = await bystanderPackets(lab, 'none');
      // One sender per link; h1's also reaches r1, which drops it (no member, no rule).
      await lab.client.agent('h1', 'send', { group: PROBE_GROUP, count: probes, ttl: TTL });
      await lab.client.agent('h4', 'send', { group: PROBE_GROUP, count: probes, ttl: TTL });
      // h4's own port never sends its datagrams back: a flooding lan2 shows on h3's port.
      return (await bystanderPackets(lab, 'none')) - before;
    },
    (strays) => strays < probes / 2,
    {
      what: `${lab.client.name}'s bridges to stop flooding ${PROBE_GROUP}`,
      timeoutMs: 60_000,
      intervalMs: 500,
    },
  );
}

const HAND_TABLE = 'bench_forward';

/** The minimal forwarding rule, written by hand: what router-sim's nftables plane can at best be. */
async function handWrittenRuleset(lab: Lab): Promise<string> {
  const lan1 = lab.r1If('lan1');
  const lan2 = lab.r1If('lan2');
  const [link] = JSON.parse(await lab.netns('r1', ['ip', '-j', 'link', 'show', 'dev', lan2])) as {
    address: string;
  }[];
  if (!link) throw new Error(`r1 has no link ${lan2}`);
  const t = `netdev ${HAND_TABLE}`;
  return [
    `add table ${t}`,
    `delete table ${t}`,
    `add table ${t}`,
    `add chain ${t} in { type filter hook ingress device "${lan1}" priority 0; policy accept; }`,
    `add rule ${t} in ip saddr ${lab.client.address('h1')} ip daddr ${GROUP} ip ttl ${TTL} ` +
      `ip ttl set ${TTL - 1} ether saddr set ${link.address} counter dup to "${lan2}" drop`,
    '',
  ].join('\n');
}

async function handWrittenCounter(lab: Lab): Promise<number> {
  const listing = JSON.parse(await lab.netns('r1', ['nft', '-j', 'list', 'table', 'netdev', HAND_TABLE])) as {
    nftables: { rule?: { expr: { counter?: { packets: number } }[] } }[];
  };
  return listing.nftables
    .flatMap((o) => o.rule?.expr ?? [])
    .reduce((n, e) => n + (e.counter?.packets ?? 0), 0);
}

/** smcroute (from the host, in r1's namespace) holding a static (S,G) route; stopped by the returned function. */
async function startSmcroute(lab: Lab) {
  const lan1 = lab.r1If('lan1');
  const lan2 = lab.r1If('lan2');
  const dir = `/tmp/mcast-lab-bench-${lab.client.name}`;
  await mkdir(dir, { recursive: true });
  await writeFile(
    `${dir}/smcroute.conf`,
    `phyint ${lan1} enable\nphyint ${lan2} enable\nmroute from ${lan1} source ${lab.client.address('h1')} group ${GROUP} to ${lan2}\n`,
  );
  const daemon = execa(
    'nsenter',
    [
      '-t',
      String(await lab.pid('r1')),
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
  const stop = async () => {
    daemon.kill();
    await daemon;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(
      () => lab.netns('r1', ['ip', 'mroute', 'show']),
      (routes) => routes.includes(GROUP),
      { what: `smcroute's route for ${GROUP} in r1`, timeoutMs: 10_000, intervalMs: 50 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function throughput(configs: Configuration[]) {
  const runs = new Map<string, Run[]>(configs.map((c) => [c.name, []]));
  const runnable = configs.filter((c) => !c.skipped);
  for (let round = 0; round < REPETITIONS; round++) {
    // Rotate the order each round: no configuration always runs first or right after another.
    const order = runnable.map((_, i) => runnable[(i + round) % runnable.length] as Configuration);
    for (const config of order) {
      const lab = config.lab;
      if (!lab) continue;
      await config.setUp?.(lab);
      try {
        for (const { size, count } of PAYLOADS) {
          const run = await measure(config, lab, round, size, count);
          runs.get(config.name)?.push(run);
          console.error(
            `bench: round ${round + 1}/${REPETITIONS} ${config.name} ${size} B: ` +
              `${run.datagramsPerSecond.toFixed(0)} dgram/s, ${run.delivered}/${run.sent} delivered`,
          );
        }
      } finally {
        await config.tearDown?.(lab);
      }
    }
  }
  return runs;
}

interface ThroughputResult {
  configuration: string;
  skipped?: string;
  lab?: string;
  payloads?: {
    size: number;
    count: number;
    median: {
      datagramsPerSecond: number;
      mbitPerSecond: number;
      deliveredFraction: number;
      sentPerSecond: number;
    };
    ratioToHandWritten: number | null;
    ratioToSameLan: number | null;
    /** The sender's rate against its rate with the hand-written rules: the path's cost, whatever the receiver drops. */
    sentRatioToHandWritten: number | null;
    runs: Run[];
  }[];
}

// ---------------------------------------------------------------------------------------------------
// Latency

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { trials: samples.length, p50: at(50), p90: at(90), max: sorted.at(-1) ?? 0, samples };
}

/**
 * Join: h3 joins → its first datagram of a steady stream. Leave: h3 leaves → the stream's last datagram
 * out of r1 on lan2 (a capture in r1: router-sim's views run ahead of the nft rules, which are applied
 * asynchronously, so its mroute view alone cannot tell when forwarding stops).
 */
async function joinLeave(lab: Lab) {
  const lan2 = lab.r1If('lan2');
  const source = lab.client.address('h1');
  const capture = await startCapture(await lab.pid('r1'), `udp and dst host ${GROUP}`, lan2);
  try {
    // A steady stream for the rest of the lab's life; it ends when the lab is destroyed.
    lab.client
      .agent(
        'h1',
        'send',
        { group: GROUP, count: 1_000_000, size: 64, ttl: TTL, rate: STREAM_RATE },
        3_600_000,
      )
      .catch(() => {});
    const inView = async () =>
      (await lab.client.agent<MrouteView[]>('r1', 'show', { view: 'mroute' })).some(
        (r) => r.source === source && r.group === GROUP && r.oifs.includes(lan2),
      );
    /** Waits until r1 has sent nothing of the stream on lan2 for QUIET_MS and no longer lists lan2. */
    const stopped = async (what: string) => {
      await pollUntil(
        async () => {
          const last = capture.seen.get(GROUP)?.get(lan2)?.last ?? 0;
          return Date.now() - last / 1000 >= QUIET_MS && !(await inView());
        },
        (quiet) => quiet,
        { what, timeoutMs: 10_000, intervalMs: 10 },
      );
      return (capture.seen.get(GROUP)?.get(lan2)?.last ?? 0) / 1000;
    };
    if ((await lab.client.agent<{ joined: string[] }>('h3', 'status')).joined.includes(GROUP))
      await lab.client.agent('h3', 'leave', { group: GROUP });
    await stopped(`r1 to stop forwarding ${GROUP} to ${lan2}`);
    const join: number[] = [];
    const leave: number[] = [];
    for (let trial = 0; trial < LATENCY_TRIALS; trial++) {
      const before = await received(lab, 'h3', GROUP);
      const joined = performance.now();
      await lab.client.agent('h3', 'join', { group: GROUP });
      await pollUntil(
        () => received(lab, 'h3', GROUP),
        (n) => n > before,
        { what: `h3 to receive ${GROUP} after joining`, timeoutMs: 10_000, intervalMs: 2 },
      );
      join.push(performance.now() - joined);
      const left = Date.now();
      await lab.client.agent('h3', 'leave', { group: GROUP });
      const lastOut = await stopped(`r1 to stop forwarding ${GROUP} to ${lan2} after h3 left`);
      leave.push(Math.max(0, lastOut - left));
    }
    return { join: percentiles(join), leave: percentiles(leave) };
  } finally {
    await capture.stop();
  }
}

/**
 * tcpdump in a namespace: the first and last capture time (µs since the epoch) of each group's
 * datagrams per interface.
 */
async function startCapture(pid: number, filter: string, device = 'any') {
  const child: ChildProcess = spawn(
    'nsenter',
    ['-t', String(pid), '-n', 'tcpdump', '-i', device, '-n', '-tt', '--immediate-mode', '-l', filter],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const seen = new Map<string, Map<string, { first: number; last: number }>>();
  // `-i any` names the interface and direction; one interface's lines have neither.
  const line =
    device === 'any'
      ? /^(\d+)\.(\d{6})\s+(\S+)\s+\S+\s+IP\s+\S+\s+>\s+(\d+\.\d+\.\d+\.\d+)\.\d+:/
      : /^(\d+)\.(\d{6})\s+()IP\s+\S+\s+>\s+(\d+\.\d+\.\d+\.\d+)\.\d+:/;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    const m = line.exec(text);
    if (!m) return;
    const [, sec, usec, named, group] = m as unknown as [string, string, string, string, string];
    const at = Number(sec) * 1e6 + Number(usec);
    const byDevice = seen.get(group) ?? new Map<string, { first: number; last: number }>();
    seen.set(group, byDevice);
    const times = byDevice.get(named || device);
    if (times) times.last = at;
    else byDevice.set(named || device, { first: at, last: at });
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited (${code}): ${stderr}`));
    });
  });
  return {
    seen,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Each trial's one datagram to a fresh group h3 has joined: into r1 on lan1 → out of r1 on lan2. */
async function firstPacket(lab: Lab) {
  const lan1 = lab.r1If('lan1');
  const lan2 = lab.r1If('lan2');
  const capture = await startCapture(await lab.pid('r1'), `udp and dst net ${FRESH_PREFIX}.0/24`);
  const latencies: number[] = [];
  const lost: string[] = [];
  const groups = Array.from({ length: FIRST_PACKET_TRIALS }, (_, i) => `${FRESH_PREFIX}.${i + 1}`);
  try {
    for (let start = 0; start < groups.length; start += FIRST_PACKET_BATCH) {
      const batch = groups.slice(start, start + FIRST_PACKET_BATCH);
      for (const group of batch) await lab.client.agent('h3', 'join', { group });
      await pollUntil(
        () => lab.client.agent<IgmpInterfaceView[]>('r1', 'show', { view: 'igmp' }),
        (views) => {
          const known = new Set(views.find((v) => v.interface === lan2)?.groups.map((g) => g.group));
          return batch.every((g) => known.has(g));
        },
        { what: `r1 to learn h3's groups ${batch[0]}…`, timeoutMs: 10_000, intervalMs: 20 },
      );
      for (const group of batch) {
        await lab.client.agent('h1', 'send', { group, count: 1, size: 64, ttl: TTL });
        const { accepted, value } = await pollUntilOrTimeout(
          async () => capture.seen.get(group),
          (byDevice) => byDevice?.has(lan1) === true && byDevice.has(lan2),
          { timeoutMs: 2_000, intervalMs: 2 },
        );
        const into = value?.get(lan1)?.first;
        const out = value?.get(lan2)?.first;
        if (accepted && into !== undefined && out !== undefined) latencies.push((out - into) / 1000);
        else lost.push(group);
      }
      for (const group of batch) await lab.client.agent('h3', 'leave', { group });
    }
  } finally {
    await capture.stop();
  }
  const stats = await receivedAll(lab, 'h3');
  const delivered = groups.filter((g) => (stats[g]?.received ?? 0) > 0).length;
  return { ...percentiles(latencies), notSeenLeaving: lost, deliveredToH3: delivered };
}

// ---------------------------------------------------------------------------------------------------
// The run

/** Why this kernel has no mroute API, or undefined when it has one. */
function mrouteMissing(): string | undefined {
  if (existsSync('/proc/net/ip_mr_vif')) return undefined;
  let config = '';
  try {
    config = gunzipSync(readFileSync('/proc/config.gz')).toString();
  } catch {}
  const notSet = config && !/^CONFIG_IP_MROUTE=y/m.test(config) ? ': CONFIG_IP_MROUTE not set' : '';
  return `kernel ${release()} has no multicast routing API (no /proc/net/ip_mr_vif${notSet})`;
}

const withPlane = (topology: Topology, forwarding: ForwardingChoice): Topology => ({
  ...topology,
  routers: topology.routers.map((r) => ({ ...r, forwarding })),
});

async function main() {
  const started = performance.now();
  const loadAtStart = loadavg();
  const topology = await loadValidTopology(TOPOLOGY);
  const noMroute = mrouteMissing();
  const smcrouteMissing =
    noMroute ??
    ((await execa('sh', ['-c', 'command -v smcrouted'], { reject: false })).exitCode === 0
      ? undefined
      : 'smcrouted is not installed (scripts/setup installs it)');

  console.error('bench: deploying labs');
  const nft = await deploy(withPlane(topology, 'nftables'), `bench-fwd-${suffix}-nft`);
  const bare = await deploy(
    { ...topology, routers: topology.routers.map((r) => ({ ...r, multicast: 'none' })) },
    `bench-fwd-${suffix}-bare`,
  );
  const mroute = noMroute
    ? undefined
    : await deploy(withPlane(topology, 'kernel-mroute'), `bench-fwd-${suffix}-mroute`);
  await nft.client.agent('h3', 'join', { group: GROUP });
  await bare.client.agent('h3', 'join', { group: GROUP });
  await bare.client.agent('h2', 'join', { group: LAN_GROUP });
  await snoopAsWithRouterSim(bare);
  await mroute?.client.agent('h3', 'join', { group: GROUP });

  const handCounters: number[] = [];
  let stopSmcroute: (() => Promise<void>) | undefined;
  const configs: Configuration[] = [
    {
      name: ROUTER_SIM_NFT,
      lab: nft,
      receiver: 'h3',
      group: GROUP,
      routed: true,
      setUp: (lab) => routerSimForwards(configs[0] as Configuration, lab),
    },
    {
      name: HAND_WRITTEN,
      lab: bare,
      receiver: 'h3',
      group: GROUP,
      routed: true,
      setUp: async (lab) => {
        await lab.netns('r1', ['nft', '-f', '-'], await handWrittenRuleset(lab));
        await prime(configs[1] as Configuration, lab);
      },
      tearDown: async (lab) => {
        handCounters.push(await handWrittenCounter(lab));
        await lab.netns('r1', ['nft', 'delete', 'table', 'netdev', HAND_TABLE]);
      },
    },
    { name: SAME_LAN, lab: bare, receiver: 'h2', group: LAN_GROUP, routed: false },
    mroute
      ? {
          name: ROUTER_SIM_MROUTE,
          lab: mroute,
          receiver: 'h3',
          group: GROUP,
          routed: true,
          setUp: (lab) => routerSimForwards(configs[3] as Configuration, lab),
        }
      : { name: ROUTER_SIM_MROUTE, skipped: noMroute, receiver: 'h3', group: GROUP, routed: true },
    smcrouteMissing
      ? { name: SMCROUTE, skipped: smcrouteMissing, receiver: 'h3', group: GROUP, routed: true }
      : {
          name: SMCROUTE,
          lab: bare,
          receiver: 'h3',
          group: GROUP,
          routed: true,
          setUp: async (lab) => {
            stopSmcroute = await startSmcroute(lab);
            await prime(configs[4] as Configuration, lab);
          },
          tearDown: async () => {
            await stopSmcroute?.();
            stopSmcroute = undefined;
          },
        },
  ];
  for (const c of configs) if (c.skipped) console.error(`bench: ${c.name} skipped: ${c.skipped}`);

  const runs = await throughput(configs);

  console.error('bench: first-packet latency');
  const first = await firstPacket(nft);
  console.error('bench: join and leave latency');
  const joinLeaveMs = await joinLeave(nft);

  // Figures per configuration and payload, ratios against the hand-written rules and the same LAN.
  const medianOf = (name: string, size: number) => {
    const these = (runs.get(name) ?? []).filter((r) => r.size === size);
    return {
      datagramsPerSecond: median(these.map((r) => r.datagramsPerSecond)),
      mbitPerSecond: median(these.map((r) => r.mbitPerSecond)),
      deliveredFraction: median(these.map((r) => r.delivered / r.sent)),
      sentPerSecond: median(these.map((r) => r.sentPerSecond)),
    };
  };
  const throughputResults: ThroughputResult[] = configs.map((c) => ({
    configuration: c.name,
    ...(c.skipped
      ? { skipped: c.skipped }
      : {
          lab: c.lab?.client.name,
          payloads: PAYLOADS.map(({ size, count }) => {
            const m = medianOf(c.name, size);
            const hand = medianOf(HAND_WRITTEN, size).datagramsPerSecond;
            const lan = medianOf(SAME_LAN, size).datagramsPerSecond;
            const handSent = medianOf(HAND_WRITTEN, size).sentPerSecond;
            return {
              size,
              count,
              median: m,
              ratioToHandWritten: hand ? m.datagramsPerSecond / hand : null,
              ratioToSameLan: lan ? m.datagramsPerSecond / lan : null,
              sentRatioToHandWritten: handSent ? m.sentPerSecond / handSent : null,
              runs: (runs.get(c.name) ?? []).filter((r) => r.size === size),
            };
          }),
        }),
  }));
  const nftRows = throughputResults.find((r) => r.configuration === ROUTER_SIM_NFT)?.payloads ?? [];
  const goals = [
    ...nftRows.map((p) => ({
      goal: `${ROUTER_SIM_NFT} ≥ ${GOALS.nftVsHandWritten}× ${HAND_WRITTEN} (${p.size} B, median dgram/s)`,
      value: p.ratioToHandWritten,
      met: (p.ratioToHandWritten ?? 0) >= GOALS.nftVsHandWritten,
    })),
    {
      goal: `join latency p50 ≤ ${GOALS.joinP50Ms} ms`,
      value: joinLeaveMs.join.p50,
      met: joinLeaveMs.join.p50 <= GOALS.joinP50Ms,
    },
    {
      goal: `first-packet latency p50 ≤ ${GOALS.firstPacketP50Ms} ms`,
      value: first.p50,
      met: first.trials > 0 && first.p50 <= GOALS.firstPacketP50Ms,
    },
  ];
  const report = {
    benchmark: 'forward',
    date: new Date().toISOString(),
    machine: {
      kernel: release(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
      mrouteApi: noMroute ?? 'yes',
      node: process.version,
    },
    topology: TOPOLOGY,
    path: 'h1 (lan1) → r1 → h3 (lan2); same LAN: h1 → h2 (lan1)',
    ttl: TTL,
    repetitions: REPETITIONS,
    notes: [
      'datagrams/s = delivered / the sender’s send duration; Mbit/s counts UDP payload only',
      'routerIn/routerOut: r1’s lan1 rx and lan2 tx packet counters over the run (a few may be IGMP)',
      'receiverBufferDrops: the receiver’s UDP RcvbufErrors over the run',
      'strayCopies: packets the bridges sent to hosts neither sending nor receiving (h2, h3, h4) over the run',
      'the bare lab (multicast: none) has no querier: the bench makes its bridges queriers and r1’s lan1 port a multicast router port, so that its bridges forward as in the router-sim lab',
      'leave latency: h3 leaves → r1’s mroute view no longer lists lan2 for (h1, G)',
      'first-packet latency: capture timestamps in r1 (tcpdump -i any): lan1 in → lan2 out',
    ],
    throughput: throughputResults,
    handWrittenRuleCounters: handCounters,
    latencyMs: { join: joinLeaveMs.join, leave: joinLeaveMs.leave, firstPacket: first },
    goals,
    durationSeconds: (performance.now() - started) / 1000,
  };
  await mkdir('bench/results', { recursive: true });
  await writeFile(OUT, `${JSON.stringify(report, null, 2)}\n`);

  const f = (x: number | null | undefined, d = 0) => (x === null || x === undefined ? '-' : x.toFixed(d));
  console.log(
    `forward bench: kernel ${release()}, ${cpus().length} CPUs, ${REPETITIONS} rounds, median of each\n`,
  );
  console.log(
    table([
      [
        'CONFIGURATION',
        'PAYLOAD B',
        'dgram/s',
        'Mbit/s',
        'DELIVERED',
        'SENDER dgram/s',
        'R1 OUT/SENT',
        '× HAND',
        '× SAME-LAN',
        'SENT × HAND',
        'ALL dgram/s',
        'RCVBUF DROPS',
        'STRAY COPIES',
      ],
      ...throughputResults.flatMap((r) =>
        r.skipped
          ? [[r.configuration, '-', 'skipped', '', '', '', '', '', '', '', '', '', '']]
          : (r.payloads ?? []).map((p) => [
              r.configuration,
              String(p.size),
              f(p.median.datagramsPerSecond),
              f(p.median.mbitPerSecond, 1),
              `${f(p.median.deliveredFraction * 100, 1)}%`,
              f(p.median.sentPerSecond),
              p.runs[0]?.routerOut === undefined
                ? '-'
                : `${f(median(p.runs.map((x) => (x.routerOut ?? 0) / x.sent)) * 100, 1)}%`,
              f(p.ratioToHandWritten, 3),
              f(p.ratioToSameLan, 3),
              f(p.sentRatioToHandWritten, 3),
              p.runs.map((x) => f(x.datagramsPerSecond)).join(' '),
              p.runs.map((x) => x.receiverBufferDrops).join(' '),
              p.runs.map((x) => x.strayCopies).join(' '),
            ]),
      ),
    ]),
  );
  for (const c of configs) if (c.skipped) console.log(`${c.name}: skipped: ${c.skipped}`);
  console.log();
  console.log(
    table([
      ['LATENCY ms (router-sim nftables)', 'trials', 'p50', 'p90', 'max'],
      ...(
        [
          ['join (join → first datagram)', joinLeaveMs.join],
          ['leave (leave → r1 stops lan2)', joinLeaveMs.leave],
          ['first packet (r1 lan1 in → lan2 out)', first],
        ] as const
      ).map(([k, l]) => [k, String(l.trials), f(l.p50, 2), f(l.p90, 2), f(l.max, 2)]),
    ]),
  );
  if (first.notSeenLeaving.length > 0)
    console.log(`first packet: not seen leaving r1 within 2 s: ${first.notSeenLeaving.join(', ')}`);
  console.log(`first packet: delivered to h3 for ${first.deliveredToH3}/${FIRST_PACKET_TRIALS} fresh groups`);
  console.log();
  console.log(
    table([['GOAL', 'VALUE', 'MET'], ...goals.map((g) => [g.goal, f(g.value, 3), g.met ? 'yes' : 'NO'])]),
  );
  console.log(`\nwrote ${OUT} (${report.durationSeconds.toFixed(0)} s)`);
}

async function cleanup() {
  await Promise.all(deployed.map((lab) => destroyLabs(ctx, { lab }).catch(() => {})));
}

process.once('SIGINT', () => {
  void cleanup().finally(() => process.exit(130));
});

try {
  await main();
  await cleanup();
} catch (error) {
  // BENCH_KEEP_LABS=1 leaves the labs of a failed run up for a look (mcast-lab destroy --lab NAME).
  if (process.env.BENCH_KEEP_LABS) console.error(`bench: failed; labs kept: ${deployed.join(', ')}`);
  else await cleanup();
  throw error;
}
