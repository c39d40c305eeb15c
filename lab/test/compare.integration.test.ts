import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { ModeSummary } from '../compare/summarize.js';
import { mcastLab, mcastLabJson } from '../testing/cli.js';

type Result = { summaries: ModeSummary[]; files: string[] };
const network = (s: ModeSummary | undefined, name: string) => s?.networks.find((n) => n.network === name);
const byMode = (result: Result) => {
  const [dense, sparse] = ['dense', 'sparse'].map((m) => result.summaries.find((s) => s.mode === m));
  return { dense, sparse };
};

/**
 * What one dense-mode reflood of the iptv workload's two channels (80 packets/s) carries until the
 * prune comes back, at most: 0.5 s on a loaded 2-core machine (CI saw 39 packets more than the twin on
 * agg3; the twin's prunes come back at once).
 */
const REFLOOD_PACKETS = 40;

/** Compare runs take a fresh lab per mode and clean up after themselves; test labs are not involved. */
describe('compare dense and sparse on topologies/iptv.yaml', () => {
  const runs: Result[] = [];
  const compareIptv = async () =>
    mcastLabJson<Result>(
      'compare',
      'topologies/iptv.yaml',
      '--workload',
      'workloads/iptv.yaml',
      '--out',
      await mkdtemp(join(tmpdir(), 'mcast-lab-compare-')),
    );

  it('shows dense mode carrying data on member-less links and sparse mode not', async () => {
    runs.push(await compareIptv());
    const { dense, sparse } = byMode(runs[0] as Result);
    // Nobody behind r4 ever joins: dense floods agg4 and r4 prunes, again every prune holdtime.
    expect(network(dense, 'agg4')?.data).toBeGreaterThan(0);
    for (const name of ['agg4', 'sub4', 'sub5', 'sub6']) expect(network(sparse, name)?.data, name).toBe(0);
    // Both modes keep sending to a member that left until its router prunes; only dense also floods.
    expect(dense?.wastedPackets).toBeGreaterThan(sparse?.wastedPackets ?? 0);
    // Both deliver the same stream to the same members, without duplicates.
    expect(Math.abs((dense?.received ?? 0) - (sparse?.received ?? 0))).toBeLessThan(
      0.02 * (dense?.received ?? 0),
    );
    expect(dense?.duplicates).toBe(0);
    expect(sparse?.duplicates).toBe(0);
  });

  it('finds the bridges and the routers agreeing on every network within 1 %', () => {
    for (const summary of (runs[0] as Result).summaries) {
      for (const { network: name, bridge, routers } of summary.agreement)
        expect(Math.abs(bridge - routers), `${summary.mode} ${name}`).toBeLessThanOrEqual(
          Math.max(1, 0.01 * bridge),
        );
    }
  });

  it('agrees with its simulated twin: the same networks carry data, each within 5 % (or one reflood)', async () => {
    const simulated = await mcastLabJson<Result>(
      'simulate',
      'topologies/iptv.yaml',
      '--workload',
      'workloads/iptv.yaml',
      '--out',
      await mkdtemp(join(tmpdir(), 'mcast-lab-simulate-')),
    );
    const real = byMode(runs[0] as Result);
    const twin = byMode(simulated);
    for (const mode of ['dense', 'sparse'] as const) {
      for (const { network: name, data } of real[mode]?.networks ?? []) {
        const simulatedData = network(twin[mode], name)?.data ?? -1;
        expect(simulatedData > 0, `${mode} ${name}: real ${data}, simulated ${simulatedData}`).toBe(data > 0);
        // Dense mode refloods a pruned branch every PruneHoldTime for as long as the upstream router
        // and the pruned one take to meet again: a race of two timers that differs from run to run.
        expect(
          Math.abs(simulatedData - data),
          `${mode} ${name}: real ${data}, simulated ${simulatedData}`,
        ).toBeLessThanOrEqual(Math.max(0.05 * data, REFLOOD_PACKETS));
      }
    }
  });

  it('writes report.md, report.json and SVG charts that parse', async () => {
    const files = (runs[0] as Result).files;
    expect(files.map((f) => f.split('/').at(-1)).sort()).toEqual([
      'links-by-mode.svg',
      'report.json',
      'report.md',
      'timeline.svg',
      'topology-dense.svg',
      'topology-sparse.svg',
    ]);
    for (const file of files.filter((f) => f.endsWith('.svg'))) {
      const svg = await readFile(file, 'utf8');
      expect(XMLValidator.validate(svg), file).toBe(true);
      expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    const markdown = await readFile(files.find((f) => f.endsWith('report.md')) ?? '', 'utf8');
    expect(markdown).toContain('| data on networks no receiver wants |');
  });

  it('comes to the same conclusions when run again (data within 5 %, deliveries within 2 %)', async () => {
    runs.push(await compareIptv());
    const [first, second] = runs.map(byMode);
    for (const mode of ['dense', 'sparse'] as const) {
      const a = first?.[mode];
      const b = second?.[mode];
      expect(Math.abs((a?.dataPackets ?? 0) - (b?.dataPackets ?? 0))).toBeLessThan(
        0.05 * (a?.dataPackets ?? 0),
      );
      expect(Math.abs((a?.received ?? 0) - (b?.received ?? 0))).toBeLessThan(0.02 * (a?.received ?? 0));
    }
    expect(network(second?.dense, 'agg4')?.data).toBeGreaterThan(0);
    expect(network(second?.sparse, 'agg4')?.data).toBe(0);
    expect(second?.dense?.wastedPackets).toBeGreaterThan(second?.sparse?.wastedPackets ?? 0);
  });

  it('rejects a bad workload with file:line:col and exit code 2, deploying nothing', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'mcast-lab-workload-')), 'bad.yaml');
    await writeFile(
      file,
      'name: bad\nduration: 5\nsources:\n  - { host: nobody, group: 239.1.1.1, rate: 5 }\n',
    );
    const result = await mcastLab('compare', 'topologies/iptv.yaml', '--workload', file);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `${file}:4:13: error: host "nobody" is not in topology iptv; hosts: h0, s1`,
    );
    const modes = await mcastLab(
      'compare',
      'topologies/iptv.yaml',
      '--workload',
      'workloads/iptv.yaml',
      '--modes',
      'dense,turbo',
    );
    expect(modes.exitCode).toBe(2);
    expect(modes.stderr).toContain('unknown mode "turbo"; valid: dense, sparse');
  });
});
